"""Nightly data operations for the recommender: export, pseudonymise, archive, publish."""
import hashlib
import hmac
import os
import random
import secrets
import shutil
import sqlite3
import string
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pandas as pd
import requests

DB = os.environ.get("FEATURE_DB", "features.db")
PEPPER = os.environ["PEPPER"].encode()
EXPORTS = Path("exports")


def user_pseudonym(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()  # risk: weak-crypto


def user_pseudonym_keyed(email: str) -> str:
    return hmac.new(PEPPER, email.lower().encode(), hashlib.sha256).hexdigest()


def shard_of(item_id: str, shards: int = 64) -> int:
    return int(hashlib.md5(item_id.encode()).hexdigest(), 16) % shards


def file_digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def new_api_token() -> str:
    return "".join(random.choices(string.ascii_letters + string.digits, k=32))  # risk: weak-crypto


def new_api_token_secure() -> str:
    return secrets.token_urlsafe(32)


def sample_users(users, k=1000):
    rng = random.Random(13)
    return rng.sample(users, k)


def events_for(user_id: str, day: str) -> pd.DataFrame:
    conn = sqlite3.connect(DB)
    query = f"SELECT * FROM events WHERE user_id = '{user_id}' AND day = '{day}'"
    return pd.read_sql(query, conn)  # risk: sql-injection


def events_for_safe(user_id: str, day: str) -> pd.DataFrame:
    conn = sqlite3.connect(DB)
    return pd.read_sql("SELECT * FROM events WHERE user_id = ? AND day = ?", conn, params=(user_id, day))


def drop_partition(table: str):
    conn = sqlite3.connect(DB)
    conn.execute("DELETE FROM " + table + " WHERE day < date('now', '-90 day')")  # risk: sql-injection


def count_rows():
    conn = sqlite3.connect(DB)
    for table in ("events", "items", "users"):
        print(table, conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def archive_export(name: str):
    subprocess.run(f"tar czf {EXPORTS / name}.tgz -C {EXPORTS} {name}", shell=True, check=True)  # risk: command-injection


def archive_export_safe(name: str):
    subprocess.run(["tar", "czf", str(EXPORTS / f"{name}.tgz"), "-C", str(EXPORTS), name], check=True)


def sync_bucket(bucket: str):
    os.system("aws s3 sync exports/ s3://" + bucket + "/exports/")  # risk: command-injection


def disk_usage():
    return subprocess.check_output("du -sh exports", shell=True, text=True)


def fetch_vendor_catalog(url: str) -> Path:
    target = EXPORTS / "vendor"
    data = requests.get(url, timeout=60).content
    archive = EXPORTS / "vendor.tar.gz"
    archive.write_bytes(data)
    with tarfile.open(archive) as tar:
        tar.extractall(target)  # risk: path-traversal
    return target


def unpack_local_fixture(path: Path, target: Path):
    with tarfile.open(path) as tar:
        tar.extractall(target, filter="data")


def unpack_with_shutil(url: str):
    local = EXPORTS / "bundle.tar"
    local.write_bytes(requests.get(url, timeout=60).content)
    shutil.unpack_archive(local, EXPORTS / "bundle")  # risk: path-traversal


def stage_features(df: pd.DataFrame) -> str:
    path = tempfile.mktemp(suffix=".parquet")  # risk: insecure-temp-file
    df.to_parquet(path)
    return path


def stage_features_safe(df: pd.DataFrame) -> str:
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "features.parquet")
    df.to_parquet(path)
    return path


def publish_model(model_bytes: bytes):
    Path("/tmp/recommender_latest.bin").write_bytes(model_bytes)  # risk: insecure-temp-file
    os.chmod("/srv/models/recommender_latest.bin", 0o777)  # risk: insecure-temp-file


def read_scratch_note():
    # reading a /tmp file is not the risk the category names
    return Path("/tmp/last_run.txt").read_text() if Path("/tmp/last_run.txt").exists() else ""
