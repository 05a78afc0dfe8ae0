import argparse
import base64
import tempfile

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

LOGO_PNG = "iVBORw0KGgoAAAANSUhEUgAAACgAAAAoCAIAAAADnC86AAABU0lEQVR42sXWRY5DMRRE0dpQOsy4n2ZmZoa1NTMzM0y6RhlEUeDH37UAS0eW/d7Fer3npCf4OJn4W8sddwcfJuK/q7mjrsD9ePxnJXvYGbgbi30vZw86/Lejsa+lzH67/2Yk+rmY2WvzXQ9HPxbSu62+q6HI+3x6p8V7ORh5m0ttN3svBsKvs6mtprrz/vDLTHKzse6sL/Q8ndxo8Jz2hp6mEqjxvGM3ajzv2A0j9+bADSP35sANg++lKjcMvpeq3DD+Typ0w/g/qdANl+ZDWTdcmg9l3XB1LpZww9W5WMINC/ugqBsW9kFRN6ztwQI3rO3BAjcs7/+8G5b3f94NSffQDUn30A1J99ANSffQDUn30A1J99ANSffQDUn30A1J99ANSffQDUn30A1J99ANSffQDUn30A1J99ANSffQDUn30A1J99ANSffQDUn30A1J99D9D1A7ErcN8qXJAAAAAElFTkSuQmCC"

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("dst")
ap.add_argument("--company", default="")
a = ap.parse_args()

with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as f:
    f.write(base64.b64decode(LOGO_PNG))
    logo = f.name

c = canvas.Canvas(a.dst, pagesize=A4)
w, h = A4
c.drawImage(logo, 40, h - 80, 40, 40)
c.setFont("Helvetica-Bold", 14)
c.drawString(90, h - 62, a.company)
y = h - 120
c.setFont("Helvetica", 11)
for line in open(a.src, encoding="utf-8").read().splitlines():
    c.drawString(40, y, line.lstrip("# "))
    y -= 16
c.save()
print("wrote", a.dst)
