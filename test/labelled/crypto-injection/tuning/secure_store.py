"""Encrypting exports and signing webhooks (labelled corpus: rules-c)."""
import base64
import hashlib
import hmac
import os
import random
import secrets
import string

import jwt
from Crypto.Cipher import AES, DES3
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

WEBHOOK_SECRET = os.environ["WEBHOOK_SECRET"].encode()
LEGACY_KEY = b"0123456789abcdef0123456789abcdef"


def encrypt_export(data: bytes) -> bytes:
    key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, data, None)


def encrypt_legacy(data: bytes) -> bytes:
    cipher = AES.new(LEGACY_KEY, AES.MODE_ECB)  # risk: weak-crypto
    return cipher.encrypt(data)


def encrypt_partner(data: bytes, key: bytes) -> bytes:
    iv = b"\x00" * 8
    cipher = DES3.new(key, DES3.MODE_CBC, iv)  # risk: weak-crypto
    return cipher.encrypt(data)


def encrypt_cbc(data: bytes, key: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.CBC(b"fixed-iv-16bytes")).encryptor()  # risk: weak-crypto
    return encryptor.update(data) + encryptor.finalize()


def sign_webhook(body: bytes) -> str:
    return hmac.new(WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()


def sign_callback(body: bytes) -> str:
    return hmac.new(b"callback-signing-key", body, hashlib.sha256).hexdigest()  # risk: weak-crypto


def fernet_from_env() -> Fernet:
    return Fernet(os.environ["FERNET_KEY"])


def make_api_key() -> str:
    return "".join(random.choices(string.ascii_letters + string.digits, k=40))  # risk: weak-crypto


def make_api_key_safe() -> str:
    return secrets.token_urlsafe(32)


def make_run_name() -> str:
    return "run-" + "".join(random.choices(string.ascii_lowercase, k=6))


def reset_password(user):
    user.temp_password = "".join(random.choice(string.ascii_letters) for _ in range(12))  # risk: weak-crypto
    return user


def read_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})  # risk: weak-crypto


def verify_claims(token: str) -> dict:
    return jwt.decode(token, os.environ["JWT_PUBLIC_KEY"], algorithms=["RS256"])


def encode_blob(data: bytes) -> str:
    return base64.b64encode(data).decode()
