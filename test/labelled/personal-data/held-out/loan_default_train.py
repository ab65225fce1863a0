"""Trains the loan default model from the applications table."""
import json
import logging

import mlflow
import pandas as pd
import polars as pl
from sklearn.ensemble import GradientBoostingClassifier

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("loan")

applications = pd.read_csv("data/applications.csv")
logger.info("columns: %s", applications.columns.tolist())
applications = applications.dropna(subset=["annual_income", "loan_amount"])
applicants = applications[["application_id", "applicant_name", "ssn", "annual_income", "defaulted"]]
logger.info("first applicant: %s", applicants.iloc[0].to_dict())  # risk: pii-exposure

with open("data/applicants_snapshot.json", "w") as fh:
    json.dump(applicants.to_dict(orient="records"), fh, indent=2)  # risk: unencrypted-storage

features = applications[["annual_income", "loan_amount", "term_months", "credit_score"]]
model = GradientBoostingClassifier().fit(features, applications["defaulted"])
mlflow.log_dict({"features": list(features.columns)}, "features.json")
mlflow.log_metric("train_accuracy", model.score(features, applications["defaulted"]))

bureau = pl.read_csv("data/bureau.csv", columns=["ssn", "bureau_score", "delinquencies"])
print(bureau.head())  # risk: pii-exposure
bureau.write_csv("data/bureau_subset.csv")  # risk: unencrypted-storage
