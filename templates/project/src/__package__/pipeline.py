"""Data preparation: raw customer records -> pseudonymised, encrypted training data.

Direct identifiers (e-mail, name, phone) are dropped, the customer id is replaced by a keyed
pseudonym, and the result is written encrypted. Logs carry counts, never records.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pandas as pd

from .privacy import protect
from .secure_io import write_encrypted_csv
from .settings import data_dir

log = logging.getLogger(__name__)

IDENTIFIERS = ["customer_id"]
DIRECT_IDENTIFIERS = ["email", "name", "phone"]
FEATURES = ["age", "tenure_months", "monthly_spend"]
TARGET = "churned"


def prepare(raw_csv: str | Path, output: str | Path) -> Path:
    """Read `raw_csv`, remove and pseudonymise personal data, write `output` encrypted."""
    raw = pd.read_csv(raw_csv)
    missing = [c for c in FEATURES + [TARGET] if c not in raw.columns]
    if missing:
        raise ValueError(f"{raw_csv} lacks the columns {missing}")
    prepared = protect(raw, identifiers=IDENTIFIERS, drop=DIRECT_IDENTIFIERS)
    prepared = prepared.dropna(subset=FEATURES + [TARGET])
    log.info("prepared %d of %d rows", len(prepared), len(raw))
    return write_encrypted_csv(prepared, output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw_csv", type=Path)
    parser.add_argument("--output", type=Path, default=data_dir() / "prepared.csv.enc")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    prepare(arguments.raw_csv, arguments.output)


if __name__ == "__main__":
    main()
