import pandas as pd
import pytest

from {{package}}.privacy import mask_email, protect, pseudonymise
from {{package}}.settings import MissingSetting


def test_pseudonyms_are_stable_and_keyed(monkeypatch):
    first = pseudonymise("customer-17")
    assert first == pseudonymise("customer-17")
    assert first != pseudonymise("customer-18")
    monkeypatch.setenv("PSEUDONYM_KEY", "another key")
    assert pseudonymise("customer-17") != first


def test_missing_key_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("PSEUDONYM_KEY")
    with pytest.raises(MissingSetting, match="PSEUDONYM_KEY"):
        pseudonymise("x")


def test_mask_email():
    assert mask_email("jane.doe@example.com") == "j***@example.com"
    assert mask_email("not an address") == "***"


def test_protect_drops_and_pseudonymises():
    frame = pd.DataFrame({"customer_id": [1, 2], "email": ["a@example.com", "b@example.com"], "age": [30, 40]})
    protected = protect(frame, identifiers=["customer_id"], drop=["email", "name"])
    assert list(protected.columns) == ["customer_id", "age"]
    assert protected["customer_id"].tolist() == [pseudonymise(1), pseudonymise(2)]
    assert frame["customer_id"].tolist() == [1, 2]
