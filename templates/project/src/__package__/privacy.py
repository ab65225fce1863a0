"""Pseudonymisation and masking of personal data before it reaches training, logs or trackers.

Identifiers are pseudonymised with a keyed hash (HMAC-SHA256 under PSEUDONYM_KEY): a plain
hash of an e-mail address can be reversed by hashing a list of candidate addresses.
"""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd

from .settings import require

KEY_VARIABLE = "PSEUDONYM_KEY"


def pseudonymise(value: object) -> str:
    """A stable pseudonym for `value`: the same input and key give the same output."""
    key = require(KEY_VARIABLE).encode()
    return hmac.new(key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()


def mask_email(address: str) -> str:
    """`jane.doe@example.com` -> `j***@example.com`."""
    local, _, domain = str(address).partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"


def protect(frame: pd.DataFrame, identifiers: list[str], drop: list[str]) -> pd.DataFrame:
    """A copy of `frame` with `identifiers` pseudonymised and the `drop` columns removed."""
    protected = frame.drop(columns=[c for c in drop if c in frame.columns])
    for column in identifiers:
        if column in protected.columns:
            protected[column] = protected[column].map(pseudonymise)
    return protected
