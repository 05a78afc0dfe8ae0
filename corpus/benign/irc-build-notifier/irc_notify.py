import os
import socket
import ssl
import sys

server = os.environ.get("IRC_SERVER", "irc.libera.chat")
channel, message = sys.argv[1], " ".join(sys.argv[2:])
nick = "ci-notify-bot"

ctx = ssl.create_default_context()
with socket.create_connection((server, 6697), timeout=30) as raw, ctx.wrap_socket(raw, server_hostname=server) as s:
    def send(line):
        s.sendall((line + "\r\n").encode())

    send(f"NICK {nick}")
    send(f"USER {nick} 0 * :CI notifier")
    buf = ""
    while " 001 " not in buf:
        buf += s.recv(4096).decode(errors="ignore")
        if buf.startswith("PING"):
            send("PONG" + buf[4:].split("\r\n")[0])
    send(f"NOTICE {channel} :{message}")
    send("QUIT :bye")
print("sent")
