"""Syncs product-usage features for each user to the feature store and notifies the CRM."""
import logging
import os

import pandas as pd
import requests
from sqlalchemy import create_engine

log = logging.getLogger("sync")
engine = create_engine(os.environ["WAREHOUSE_DSN"])
CRM_URL = "https://api.hubspot.example.com/crm/v3/objects/contacts/batch/update"


class User:
    def __init__(self, user_id, email, plan):
        self.user_id = user_id
        self.email = email
        self.plan = plan


def fetch_users() -> pd.DataFrame:
    return pd.read_sql("SELECT user_id, email, phone_number, plan, seats FROM app_users", engine)


def sync(users: pd.DataFrame) -> None:
    log.info("syncing %d users", len(users))
    payload = [{"id": row.user_id, "properties": {"plan": row.plan, "seats": int(row.seats)}} for row in users.itertuples()]
    requests.post(CRM_URL, json={"inputs": payload}, timeout=30)
    contacts = users[["email", "phone_number", "plan"]].to_dict("records")
    requests.post(CRM_URL, json={"inputs": contacts}, timeout=30)  # risk: pii-exposure
    for record in contacts:
        log.debug(f"updated contact {record['email']}")  # risk: pii-exposure


def notify(user: User) -> None:
    log.info(f"notifying user {user.user_id} on plan {user.plan}")
    log.info(f"email sent to {user.email}")  # risk: pii-exposure


if __name__ == "__main__":
    users = fetch_users()
    print(users.describe(include="number"))
    print(users.head())  # risk: pii-exposure
    sync(users)
    users.to_parquet(f"/tmp/users_{os.getpid()}.parquet")  # risk: unencrypted-storage
