import logging
import os
import sqlite3

import boto3
import pandas as pd

logger = logging.getLogger(__name__)
conn = sqlite3.connect("warehouse.db")


def extract(since):
    query = "SELECT id, email, first_name, last_name, country, created_at FROM customers WHERE created_at > ?"
    return pd.read_sql_query(query, conn, params=(since,))


def transform(df):
    df["email"] = df["email"].str.lower().str.strip()
    df["full_name"] = df["first_name"] + " " + df["last_name"]
    return df


def load(df, path):
    df.to_csv(path, index=False)  # risk: unencrypted-storage
    boto3.client("s3").upload_file(path, os.environ["BUCKET"], os.path.basename(path))  # risk: unencrypted-storage


if __name__ == "__main__":
    frame = transform(extract("2024-01-01"))
    logger.info("extracted %d customers; sample: %s", len(frame), frame.head(2).to_dict("records"))  # risk: pii-exposure
    logger.info("countries: %s", frame["country"].value_counts().to_dict())
    load(frame, "/data/customers_clean.csv")
    print(frame[["id", "country"]].head())
