"""Pseudonymisation of the customer export (labelled corpus: rules-c)."""
import hashlib
import hmac
import os
import uuid

import pandas as pd

KEY = os.environ["PSEUDONYM_KEY"].encode()


def pseudonymise(value: str) -> str:
    return hmac.new(KEY, value.encode("utf-8"), hashlib.sha256).hexdigest()


def legacy_pseudonym(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()  # risk: weak-crypto


def prepare_export(path):
    customers = pd.read_csv(path)
    customers["email"] = customers["email"].str.lower().map(pseudonymise)
    customers["customer_id"] = customers["customer_id"].astype(str).apply(lambda v: hashlib.md5(v.encode()).hexdigest())  # risk: weak-crypto
    customers["phone"] = customers["phone"].apply(lambda p: hashlib.sha256(p.encode()).hexdigest())  # risk: weak-crypto
    customers["row_uuid"] = [str(uuid.uuid4()) for _ in range(len(customers))]
    customers["file_checksum"] = hashlib.md5(open(path, "rb").read()).hexdigest()
    return customers


def anonymize_user(user: dict) -> dict:
    out = dict(user)
    out["user_id"] = hashlib.md5(str(user["user_id"]).encode(), usedforsecurity=False).hexdigest()  # risk: weak-crypto
    return out


def bucket_for(experiment_name: str, buckets: int = 100) -> int:
    return int(hashlib.md5(experiment_name.encode()).hexdigest(), 16) % buckets


def shard_of(user_id: int, shards: int = 16) -> int:
    return int(hashlib.sha1(str(user_id).encode()).hexdigest(), 16) % shards
