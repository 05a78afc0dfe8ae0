import csv
import re
import sys

import pytesseract
from PIL import Image

w = csv.writer(sys.stdout)
w.writerow(["file", "date", "total"])
for f in sys.argv[1:]:
    text = pytesseract.image_to_string(Image.open(f))
    date = re.search(r"\b(\d{4}-\d{2}-\d{2}|\d{2}[./]\d{2}[./]\d{4})\b", text)
    total = re.search(r"(?i)total[^\d]*(\d+[.,]\d{2})", text)
    w.writerow([f, date.group(1) if date else "", total.group(1) if total else ""])
