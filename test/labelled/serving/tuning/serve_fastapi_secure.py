"""Production inference service: API key on every model route, explicit CORS, host from the environment."""
import logging
import os
import secrets

import joblib
import uvicorn
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Security, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import APIKeyHeader
from pydantic import BaseModel

logger = logging.getLogger(__name__)
MODEL_PATH = os.environ.get("MODEL_PATH", "artifacts/model.joblib")
model = joblib.load(MODEL_PATH)
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def verify_api_key(api_key: str | None = Security(api_key_header)) -> None:
    expected = os.environ["SERVICE_API_KEY"]
    if not api_key or not secrets.compare_digest(api_key, expected):
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="invalid API key")


class PredictRequest(BaseModel):
    features: list[float]


app = FastAPI(title="churn-model", version="1.4.0")
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://dashboard.example.com"],
    allow_credentials=True,
    allow_methods=["POST"],
)
v1 = APIRouter(prefix="/v1", dependencies=[Depends(verify_api_key)])


@v1.post("/predict")
def predict(request: PredictRequest):
    score = float(model.predict_proba([request.features])[0][1])
    logger.info("scored request")
    return {"churn_probability": score}


@v1.post("/predict/batch")
def predict_batch(requests: list[PredictRequest]):
    return {"scores": model.predict_proba([r.features for r in requests])[:, 1].tolist()}


@app.get("/healthz")
def healthz():
    return {"status": "ok", "model": type(model).__name__}


@app.get("/metrics")
def metrics():
    return {"requests": 0}


app.include_router(v1)

if __name__ == "__main__":
    uvicorn.run("serve_fastapi_secure:app", host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8000")), reload=True)
