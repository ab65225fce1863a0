"""Feature queries against the warehouse (labelled corpus: rules-c)."""
import sqlite3
from datetime import date, timedelta

import duckdb
import pandas as pd
import psycopg2
from sqlalchemy import create_engine, text

FEATURES_TABLE = "user_features"
EVENTS = "events"
engine = create_engine("postgresql://warehouse.internal/analytics")
local = sqlite3.connect("features.db")


def daily_events(day):
    query = f"SELECT * FROM {EVENTS} WHERE event_date = '{day}'"
    return pd.read_sql(query, engine)  # risk: sql-injection


def daily_events_safe(day):
    return pd.read_sql(text(f"SELECT * FROM {EVENTS} WHERE event_date = :day"), engine, params={"day": day})


def user_history(user_id):
    cur = local.cursor()
    cur.execute(f"SELECT * FROM {FEATURES_TABLE} WHERE user_id = {user_id}")  # risk: sql-injection
    return cur.fetchall()


def user_history_safe(user_id):
    cur = local.cursor()
    cur.execute(f"SELECT * FROM {FEATURES_TABLE} WHERE user_id = ?", (user_id,))
    return cur.fetchall()


def users_by_ids(ids):
    marks = ", ".join(["?"] * len(ids))
    return local.execute(f"SELECT * FROM {FEATURES_TABLE} WHERE user_id IN ({marks})", ids).fetchall()


def refresh(tables=("clicks", "views", "purchases")):
    for table in tables:
        local.execute(f"DELETE FROM {table} WHERE ts < date('now', '-90 day')")  # risk: sql-injection


def refresh_known():
    for table in ["clicks", "views", "purchases"]:
        local.execute(f"DELETE FROM {table} WHERE ts < date('now', '-90 day')")


def recent(days=7):
    since = (date.today() - timedelta(days=days)).isoformat()
    return duckdb.sql(f"SELECT * FROM 'events/*.parquet' WHERE ts >= '{since}'").df()


def search_customers(name_fragment):
    with psycopg2.connect("dbname=crm") as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT id, segment FROM customers WHERE name ILIKE %s", (f"%{name_fragment}%",))
            return cur.fetchall()


def search_customers_unsafe(name_fragment):
    with psycopg2.connect("dbname=crm") as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT id, segment FROM customers WHERE name ILIKE '%" + name_fragment + "%'")  # risk: sql-injection
            return cur.fetchall()


def spark_daily(spark, partition):
    return spark.sql(f"SELECT label, features FROM training.samples WHERE part = {partition}")  # risk: sql-injection


def table_stats():
    counts = {}
    for table in ("clicks", "views"):
        counts[table] = local.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    limit = 100
    sample = pd.read_sql(f"SELECT * FROM {FEATURES_TABLE} LIMIT {limit}", local)
    return counts, sample


def describe():
    with engine.connect() as connection:
        return connection.execute(text("SELECT COUNT(*) FROM user_features")).scalar()


print(f"selected features from {FEATURES_TABLE} for the model")
