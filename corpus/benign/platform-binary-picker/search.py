import platform
import shutil
import subprocess
import sys

HINT = {
    "Darwin": "brew install ripgrep",
    "Linux": "sudo apt-get install ripgrep  (or: dnf install ripgrep)",
    "Windows": "winget install BurntSushi.ripgrep.MSVC",
}

if not shutil.which("rg"):
    sys.exit(f"ripgrep not found on {platform.system()} {platform.machine()}: {HINT.get(platform.system(), 'see ripgrep docs')}")

args = ["rg", "--line-number", "--color=never", sys.argv[1]]
if "--type" in sys.argv:
    args += ["--type", sys.argv[sys.argv.index("--type") + 1]]
sys.exit(subprocess.run(args).returncode)
