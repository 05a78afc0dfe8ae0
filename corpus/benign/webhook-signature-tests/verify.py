import hashlib
import hmac


def verify(secret: bytes, payload: bytes, header: str) -> bool:
    algo, _, sig = header.partition("=")
    if algo != "sha256":
        return False
    expected = hmac.new(secret, payload, hashlib.sha256).digest()
    return hmac.compare_digest(expected, bytes.fromhex(sig))
