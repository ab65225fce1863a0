"""Encrypted storage for datasets that hold personal data.

Data at rest is encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key from the
environment variable DATA_ENCRYPTION_KEY. Create a key once with:

    python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pandas as pd
from cryptography.fernet import Fernet

from .settings import require

KEY_VARIABLE = "DATA_ENCRYPTION_KEY"


def _fernet() -> Fernet:
    return Fernet(require(KEY_VARIABLE).encode())


def _write_atomically(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_encrypted_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write `frame` as CSV, encrypted; returns the path written."""
    target = Path(path)
    plain = frame.to_csv(index=False).encode("utf-8")
    _write_atomically(target, _fernet().encrypt(plain))
    return target


def read_encrypted_csv(path: str | os.PathLike[str], **read_csv_options) -> pd.DataFrame:
    """Read a CSV written by write_encrypted_csv. A wrong key or a tampered file raises."""
    plain = _fernet().decrypt(Path(path).read_bytes())
    return pd.read_csv(io.BytesIO(plain), **read_csv_options)
