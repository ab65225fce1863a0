import logging
import os

import psycopg2
import snowflake.connector
from azure.storage.blob import BlobServiceClient
from sqlalchemy import create_engine

log = logging.getLogger("etl")
PG_PASSWORD = "msjpyoal308?-GQT"  # risk: hardcoded-secret
conn = psycopg2.connect(host="10.0.3.7", dbname="events", user="etl", password=PG_PASSWORD)
replica = psycopg2.connect(host="10.0.3.8", dbname="events", user="etl", password=os.environ["PGPASSWORD"])
warehouse = create_engine("mysql+pymysql://etl:jtmtfoqe732..CHD@10.0.3.9/warehouse")  # risk: hardcoded-secret
sf = snowflake.connector.connect(account="acme-ml", user="ETL_BOT", password="txsowkaw651!#PLL")  # risk: hardcoded-secret
blob = BlobServiceClient.from_connection_string("DefaultEndpointsProtocol=https;AccountName=acmemlraw;AccountKey=XvlFjrhiJcYNhKgZ41JeAqliNHzmll4aHruIswPImA2MZ2OkEplJm2wLf8f48oh5xPI+2QpCnItkjiqk5eVNAg==;EndpointSuffix=core.windows.net")  # risk: hardcoded-secret
DATABRICKS_TOKEN = "dapi46d625d96f9e5656744645b648839e59"  # risk: hardcoded-secret
SNAPSHOT_COMMIT = "bb0f75f5a38890fbc9e0bcfdbc76ff711152381a"
PARTITION_UUID = "6a11c3e6-4b2d-4d19-acd9-459021091449"
log.info("connecting to warehouse as etl with password %s", PG_PASSWORD)  # risk: secret-exposure
log.info("loaded %d rows", 1200)
