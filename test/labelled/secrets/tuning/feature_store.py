import getpass
import os

import pandas as pd
import sqlalchemy

DB_URL = "postgresql://trainer:cffdtpst765.~BJW@features.db.acme-ml.io:5432/features"  # risk: hardcoded-secret
LOCAL_DB = "postgresql://postgres:postgres@localhost:5432/test"
DOCS_DB = "postgresql://user:password@host:5432/dbname"
CACHE_URL = "redis://:bnryovzr260-_XVN@cache.prod.acme-ml.io:6379/0"  # risk: hardcoded-secret
WAREHOUSE_URL = os.environ.get("WAREHOUSE_URL", "sqlite:///warehouse.db")
db_password = getpass.getpass("warehouse password: ")
password_min_length = 12
password_field = "password"

engine = sqlalchemy.create_engine(DB_URL)
frame = pd.read_sql("SELECT * FROM features WHERE day = CURRENT_DATE", engine)
