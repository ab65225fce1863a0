"""Builds session features from web server logs for the bot-detection model."""
import gzip
import hashlib
import hmac
import os
import re

import numpy as np
import pandas as pd

PATTERN = re.compile(r'(?P<ip_address>\S+) - (?P<user>\S+) \[(?P<ts>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\d{3}) (?P<size>\d+)')
KEY = os.environ["LOG_PSEUDONYM_KEY"].encode()

rows = []
with gzip.open("logs/access.log.gz", "rt") as handle:
    for line in handle:
        match = PATTERN.match(line)
        if match:
            rows.append(match.groupdict())
logs = pd.DataFrame(rows, columns=["ip_address", "user", "ts", "request", "status", "size"])
print(logs.head())  # risk: pii-exposure
logs["client"] = logs["ip_address"].map(lambda ip: hmac.new(KEY, ip.encode(), hashlib.sha256).hexdigest()[:16])
logs = logs.drop(columns=["ip_address", "user"])
sessions = logs.groupby("client").agg(requests=("request", "count"), errors=("status", lambda s: (s.astype(int) >= 400).mean()))
print(sessions.describe())
sessions.to_parquet("features/sessions.parquet")
np.save("features/matrix.npy", sessions.to_numpy())
print(logs.head())
