import base64
import hashlib
import hmac

from verify import verify

# test-only secret, never used outside this file
SECRET = b"whsec_test_9fK2qLx7Vb3NmR8tYw1ZpC5dHs0JeUa4"
PAYLOAD = base64.b64decode("eyJpZCI6IDQyLCAibmFtZSI6ICJBZGEiLCAicm9sZXMiOiBbImFkbWluIiwgImVkaXRvciJdLCAiYWN0aXZlIjogdHJ1ZX0=")


def sign(p):
    return "sha256=" + hmac.new(SECRET, p, hashlib.sha256).hexdigest()


def test_valid():
    assert verify(SECRET, PAYLOAD, sign(PAYLOAD))


def test_tampered():
    assert not verify(SECRET, PAYLOAD + b" ", sign(PAYLOAD))


def test_wrong_algo():
    assert not verify(SECRET, PAYLOAD, sign(PAYLOAD).replace("sha256", "sha1"))


def test_known_vector():
    empty = bytes.fromhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert hashlib.sha256(b"").digest() == empty
