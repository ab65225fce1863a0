"""A small Streamlit labelling tool with its own user table (labelled corpus: rules-c)."""
import hashlib
import os
import random
import sqlite3
import string
import time
import uuid

import numpy as np
import streamlit as st

db = sqlite3.connect("labels.db", check_same_thread=False)
db.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, password_hash TEXT, api_token TEXT)")


def hash_password(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()  # risk: weak-crypto


def new_token() -> str:
    return uuid.uuid4().hex


def new_invite_code() -> str:
    return "".join(random.choice(string.ascii_uppercase + string.digits) for _ in range(8))  # risk: weak-crypto


def login(name: str, password: str) -> bool:
    row = db.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
    return row is not None and row[0] == hash_password(password)


def search(term: str):
    return db.execute(f"SELECT * FROM labels WHERE text LIKE '%{term}%'").fetchall()  # risk: sql-injection


def sample_batch(n: int):
    ids = [row[0] for row in db.execute("SELECT id FROM labels WHERE label IS NULL").fetchall()]
    random.shuffle(ids)
    return ids[:n]


def colour_for(label: str) -> str:
    rng = random.Random(label)
    return "#%06x" % rng.randint(0, 0xFFFFFF)


user = st.text_input("User")
pw = st.text_input("Password", type="password")
if st.button("Log in") and login(user, pw):
    st.session_state["token"] = new_token()
    term = st.text_input("Search")
    st.write(search(term))
    jitter = np.random.uniform(-0.1, 0.1, size=10)
    st.line_chart(jitter)
    st.write(f"session started {time.time()}")
