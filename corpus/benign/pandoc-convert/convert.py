import argparse
import shutil
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("dst")
ap.add_argument("--toc", action="store_true")
ap.add_argument("--pdf-engine", choices=["xelatex", "lualatex", "pdflatex", "wkhtmltopdf"])
a = ap.parse_args()

if not shutil.which("pandoc"):
    sys.exit("pandoc is not installed: https://pandoc.org/installing.html")

cmd = ["pandoc", a.src, "-o", a.dst, "--standalone"]
if a.toc:
    cmd.append("--toc")
if a.pdf_engine:
    cmd += ["--pdf-engine", a.pdf_engine]
subprocess.run(cmd, check=True)
print("wrote", a.dst)
