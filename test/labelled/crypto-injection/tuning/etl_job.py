"""Nightly ETL: pulls partner files, loads them into Postgres, builds training tables (labelled corpus: rules-c)."""
import csv
import glob
import gzip
import io
import logging
import os
import shlex
import subprocess
import tarfile
import tempfile
from datetime import datetime

import boto3
import pandas as pd
import psycopg2
import requests
from sqlalchemy import create_engine, text

log = logging.getLogger("etl")
engine = create_engine(os.environ["WAREHOUSE_URL"])
STAGING_SCHEMA = "staging"
PARTNER_URL = "https://partner.example.com/exports/latest.tar.gz"


def fetch_partner_archive(out_dir):
    response = requests.get(PARTNER_URL, timeout=120)
    response.raise_for_status()
    archive = tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz")
    archive.extractall(out_dir)  # risk: path-traversal
    return sorted(glob.glob(os.path.join(out_dir, "*.csv")))


def load_csv(path, table):
    frame = pd.read_csv(path)
    frame.to_sql(table, engine, schema=STAGING_SCHEMA, if_exists="replace", index=False)
    log.info("loaded %d rows into %s.%s", len(frame), STAGING_SCHEMA, table)


def partition_count(conn, table, day):
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM %s WHERE day = '%s'" % (table, day))  # risk: sql-injection
    return cur.fetchone()[0]


def partition_count_safe(conn, day):
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM staging.orders WHERE day = %(day)s", {"day": day})
    return cur.fetchone()[0]


def build_training_table(region):
    sql = """
        CREATE TABLE IF NOT EXISTS features.training AS
        SELECT o.customer_id, sum(o.amount) AS spend
        FROM staging.orders o
        GROUP BY 1
    """
    with engine.begin() as connection:
        connection.execute(text(sql))
        connection.execute(text("DELETE FROM features.training WHERE region = '" + region + "'"))  # risk: sql-injection
        connection.execute(text("DELETE FROM features.training WHERE region = :region"), {"region": region})


def filter_orders(min_amount):
    query = "SELECT * FROM staging.orders WHERE 1 = 1"
    query += " AND amount >= {}".format(min_amount)
    return pd.read_sql(query, engine)  # risk: sql-injection


def export_to_s3(frame, bucket):
    stamp = datetime.utcnow().strftime("%Y%m%d")
    with tempfile.NamedTemporaryFile(suffix=".csv.gz") as handle:
        with gzip.open(handle.name, "wt") as out:
            frame.to_csv(out, index=False)
        boto3.client("s3").upload_file(handle.name, bucket, f"exports/{stamp}.csv.gz")


def vacuum(tables):
    for table in tables:
        subprocess.run(["psql", os.environ["WAREHOUSE_URL"], "-c", f"VACUUM ANALYZE {table}"], check=True)


def compress_dir(path):
    subprocess.run(f"tar czf {shlex.quote(path)}.tgz -C {shlex.quote(path)} .", shell=True, check=True)


def compress_dir_unsafe(path, name):
    subprocess.call("tar czf " + name + ".tgz " + path, shell=True)  # risk: command-injection


def run(command):
    log.info("running %s", command)
    return subprocess.Popen(command, shell=True).wait()  # risk: command-injection


def git_revision():
    return subprocess.check_output("git rev-parse --short HEAD", shell=True).decode().strip()


def write_manifest(rows):
    with open("/tmp/etl_manifest.csv", "w", newline="") as handle:  # risk: insecure-temp-file
        csv.writer(handle).writerows(rows)


def read_lock():
    if os.path.exists("/tmp/etl.lock"):
        with open("/tmp/etl.lock") as handle:
            return handle.read()
    return None


def main():
    workdir = tempfile.mkdtemp(prefix="etl-")
    for path in fetch_partner_archive(workdir):
        load_csv(path, os.path.splitext(os.path.basename(path))[0])
    conn = psycopg2.connect(os.environ["WAREHOUSE_URL"])
    log.info("orders today: %s", partition_count_safe(conn, datetime.utcnow().date()))


if __name__ == "__main__":
    main()
