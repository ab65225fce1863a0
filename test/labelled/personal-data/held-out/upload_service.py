"""Receives customer lists from partners and stores them for the nightly import."""
import datetime
import json
import logging
from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)
log = logging.getLogger("uploads")
INBOX = Path("/srv/inbox")


@app.post("/customers")
def receive_customers():
    payload = request.get_json()
    customers = payload["customers"]
    log.info("received %d customers from %s", len(customers), request.remote_addr)
    for customer in customers:
        if "@" not in customer["email"]:
            log.warning("invalid email for customer %s: %s", customer["id"], customer["email"])  # risk: pii-exposure
    target = INBOX / f"{datetime.date.today()}.json"
    with open(target, "w") as out:
        out.write(json.dumps(customers))  # risk: unencrypted-storage
    return jsonify({"stored": len(customers)})
