"""Inference API. Every route that touches the model requires an API key (header X-API-Key,
compared in constant time with SERVICE_API_KEY); only the health probe is open.

Run locally with `python -m {{package}}.serve` (binds 127.0.0.1 unless HOST says otherwise).
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

import numpy as np
from fastapi import Depends, FastAPI, HTTPException, Security
from fastapi.security import APIKeyHeader
from pydantic import BaseModel

from .model_io import load_arrays
from .pipeline import FEATURES
from .settings import model_dir, require
from .train import predict_proba

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def require_api_key(api_key: str | None = Security(api_key_header)) -> None:
    expected = require("SERVICE_API_KEY")
    if not api_key or not secrets.compare_digest(api_key.encode(), expected.encode()):
        raise HTTPException(status_code=401, detail="missing or invalid API key")


class Features(BaseModel):
    values: list[float]


class Prediction(BaseModel):
    probability: float


@lru_cache(maxsize=1)
def model() -> dict[str, np.ndarray]:
    return load_arrays(Path(os.environ.get("MODEL_PATH", model_dir() / "model.npz")))


app = FastAPI(title="{{name}}")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/predict", response_model=Prediction, dependencies=[Depends(require_api_key)])
def predict(features: Features) -> Prediction:
    if len(features.values) != len(FEATURES):
        raise HTTPException(status_code=422, detail=f"expected {len(FEATURES)} values: {FEATURES}")
    probability = predict_proba(model(), np.array([features.values], dtype=float))[0]
    return Prediction(probability=float(probability))


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8000")))
