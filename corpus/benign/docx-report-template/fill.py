import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

title, body_file, out = sys.argv[1:4]
body = Path(body_file).read_text(encoding="utf-8")
src = Path(__file__).parent / "templates" / "report.docx"
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "word/document.xml":
            data = data.decode().replace("{{title}}", escape(title)).replace("{{body}}", escape(body)).encode()
        zout.writestr(item, data)
print("wrote", out)
