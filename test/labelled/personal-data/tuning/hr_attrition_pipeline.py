"""Nightly HR attrition scoring: reads the HRIS export, scores, writes reports for HR business partners."""
import json
import logging
import os
from pathlib import Path

import joblib
import pandas as pd
import boto3

LOG = logging.getLogger(__name__)
OUT = Path(os.environ.get("OUT_DIR", "out"))
ID_COLUMNS = ["employee_id", "full_name", "work_email", "national_id"]


def load() -> pd.DataFrame:
    frame = pd.read_csv("exports/hris_employees.csv")
    LOG.info("loaded %d employees with %d columns", len(frame), frame.shape[1])
    return frame


def features(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.drop(columns=ID_COLUMNS + ["home_address", "date_of_birth"])
    out["tenure_years"] = out["tenure_days"] / 365
    return out


def main() -> None:
    employees = load()
    model = joblib.load("models/attrition.joblib")
    X = features(employees)
    employees["attrition_risk"] = model.predict_proba(X)[:, 1]
    high = employees[employees.attrition_risk > 0.7]
    for _, person in high.iterrows():
        LOG.warning("high attrition risk: %s (%s)", person["full_name"], person["work_email"])  # risk: pii-exposure
    report = high[["employee_id", "full_name", "salary", "manager_id", "attrition_risk"]]
    report.to_excel(OUT / "high_risk.xlsx", index=False)  # risk: unencrypted-storage
    X.to_parquet(OUT / "features.parquet")
    summary = employees.groupby("department")["attrition_risk"].mean().round(3)
    summary.to_json(OUT / "summary.json")
    (OUT / "run.json").write_text(json.dumps({"rows": len(employees), "high_risk": len(high)}))
    s3 = boto3.client("s3")
    s3.upload_file(str(OUT / "high_risk.xlsx"), "hr-analytics", "reports/high_risk.xlsx")  # risk: unencrypted-storage
    s3.upload_file(str(OUT / "summary.json"), "hr-analytics", "reports/summary.json", ExtraArgs={"ServerSideEncryption": "aws:kms"})
    print(f"scored {len(employees)} employees, {len(high)} high risk")


if __name__ == "__main__":
    main()
