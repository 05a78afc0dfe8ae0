import re
import socket
import subprocess
import sys

domain = sys.argv[1].strip().lower()
if not re.fullmatch(r"[a-z0-9.-]+", domain):
    sys.exit("invalid domain")


def dig(rtype, name=domain):
    out = subprocess.run(["dig", "+short", rtype, name], capture_output=True, text=True).stdout
    return [l.strip('"') for l in out.split("\n") if l]


addrs = sorted({ai[4][0] for ai in socket.getaddrinfo(domain, None)})
print("A/AAAA", ", ".join(addrs) or "(none)")
print("MX    ", ", ".join(dig("MX")) or "(none)")
txt = dig("TXT")
print("SPF   ", next((t for t in txt if t.startswith("v=spf1")), "missing"))
print("DMARC ", next(iter(dig("TXT", "_dmarc." + domain)), "missing"))
