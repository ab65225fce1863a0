import numpy as np
import pandas as pd
import pytest

from {{package}}.model_io import ChecksumMismatch, load_arrays
from {{package}}.pipeline import prepare
from {{package}}.secure_io import read_encrypted_csv
from {{package}}.train import train


def raw_customers(rows: int = 60) -> pd.DataFrame:
    generator = np.random.default_rng(0)
    age = generator.integers(18, 80, rows)
    spend = generator.uniform(5, 120, rows)
    return pd.DataFrame(
        {
            "customer_id": range(rows),
            "email": [f"user{i}@example.com" for i in range(rows)],
            "name": [f"Person {i}" for i in range(rows)],
            "age": age,
            "tenure_months": generator.integers(1, 60, rows),
            "monthly_spend": spend,
            "churned": (spend < 40).astype(int),
        }
    )


def test_prepare_then_train(tmp_path):
    raw_path = tmp_path / "raw.csv"
    raw_customers().to_csv(raw_path, index=False)
    prepared = prepare(raw_path, tmp_path / "prepared.csv.enc")
    frame = read_encrypted_csv(prepared)
    assert "email" not in frame.columns and "name" not in frame.columns
    assert not frame["customer_id"].astype(str).isin([str(i) for i in range(60)]).any()

    model_path = train(prepared, tmp_path / "model.npz")
    model = load_arrays(model_path)
    assert model["weights"].shape == (3,)


def test_tampered_model_is_refused(tmp_path):
    raw_path = tmp_path / "raw.csv"
    raw_customers().to_csv(raw_path, index=False)
    model_path = train(prepare(raw_path, tmp_path / "p.enc"), tmp_path / "model.npz")
    with open(model_path, "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ChecksumMismatch):
        load_arrays(model_path)
