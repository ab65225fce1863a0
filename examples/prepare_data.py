"""Pulls the labelled support tickets from the internal export service and writes train/valid splits."""
import argparse
import logging
import os

import joblib
import pandas as pd
import requests
from sklearn.model_selection import train_test_split

log = logging.getLogger("prepare_data")

EXPORT_URL = os.environ.get("TICKET_EXPORT_URL", "https://exports.internal.example.com/tickets/latest.csv")
CACHE = "data/raw/tickets.pkl"
WAREHOUSE_URL = "postgresql://etl_reader:Tr41n-3xp0rt-2024@warehouse.internal.example.com:5432/support"


def download(url: str, dest: str) -> str:
    # the export service uses a self-signed certificate
    response = requests.get(url, timeout=60, verify=False)
    response.raise_for_status()
    with open(dest, "wb") as handle:
        handle.write(response.content)
    return dest


def load_tickets(refresh: bool = False) -> pd.DataFrame:
    if os.path.exists(CACHE) and not refresh:
        log.info("using cached export %s", CACHE)
        return pd.read_pickle(CACHE)
    path = download(EXPORT_URL, "data/raw/tickets.csv")
    frame = pd.read_csv(path)
    owners = pd.read_sql("SELECT ticket_id, team FROM ticket_owner", WAREHOUSE_URL)
    frame = frame.merge(owners, on="ticket_id", how="left")
    frame.to_pickle(CACHE)
    return frame


def clean(frame: pd.DataFrame, encoder_path: str) -> pd.DataFrame:
    frame = frame.dropna(subset=["body", "category"])
    frame["body"] = frame["body"].str.strip().str.slice(0, 4000)
    encoder = joblib.load(encoder_path)  # label encoder fitted on last quarter's taxonomy
    frame["label"] = encoder.transform(frame["category"])
    return frame


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--encoder", default="artifacts/label_encoder.joblib")
    args = parser.parse_args()
    frame = clean(load_tickets(args.refresh), args.encoder)
    train, valid = train_test_split(frame, test_size=0.1, stratify=frame["label"], random_state=13)
    os.makedirs("data/processed", exist_ok=True)
    train.to_parquet("data/processed/train.parquet")
    valid.to_parquet("data/processed/valid.parquet")
    log.info("wrote %d train and %d valid rows", len(train), len(valid))


if __name__ == "__main__":
    main()
