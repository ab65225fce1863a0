"""Real-time credit scoring service."""
import logging

import joblib
import pandas as pd
import requests
from fastapi import FastAPI
from pydantic import BaseModel

logger = logging.getLogger("scoring")
app = FastAPI()
model = joblib.load("model.joblib")
WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXX"


class Applicant(BaseModel):
    applicant_id: str
    full_name: str
    email: str
    date_of_birth: str
    income: float
    loan_amount: float


@app.post("/score")
def score(applicant: Applicant):
    logger.info("scoring request for %s", applicant.email)  # risk: pii-exposure
    logger.debug("payload: %s", applicant.dict())  # risk: pii-exposure
    features = pd.DataFrame([{"income": applicant.income, "loan_amount": applicant.loan_amount}])
    probability = float(model.predict_proba(features)[0, 1])
    logger.info("applicant %s scored %.3f", applicant.applicant_id, probability)
    if probability > 0.9:
        requests.post(WEBHOOK, json={"text": f"High risk applicant {applicant.full_name} ({applicant.email})"})  # risk: pii-exposure
    return {"applicant_id": applicant.applicant_id, "probability": probability}
