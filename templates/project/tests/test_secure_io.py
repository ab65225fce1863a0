import pandas as pd
import pytest
from cryptography.fernet import Fernet, InvalidToken

from {{package}}.secure_io import read_encrypted_csv, write_encrypted_csv


def test_round_trip_and_nothing_in_clear(tmp_path):
    frame = pd.DataFrame({"city": ["Lyon", "Porto"], "spend": [12.5, 7.0]})
    path = write_encrypted_csv(frame, tmp_path / "frame.csv.enc")
    assert b"Lyon" not in path.read_bytes()
    pd.testing.assert_frame_equal(read_encrypted_csv(path), frame)


def test_wrong_key_is_refused(tmp_path, monkeypatch):
    path = write_encrypted_csv(pd.DataFrame({"a": [1]}), tmp_path / "a.csv.enc")
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", Fernet.generate_key().decode())
    with pytest.raises(InvalidToken):
        read_encrypted_csv(path)
