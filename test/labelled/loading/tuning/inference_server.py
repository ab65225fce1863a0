"""FastAPI model server: loads artifacts at start-up and serves predictions."""
import json
import os
import pickle
from pathlib import Path

import joblib
import numpy as np
import torch
import yaml
from fastapi import Depends, FastAPI, HTTPException, Request
from huggingface_hub import hf_hub_download
from pydantic import BaseModel

from .auth import require_api_key
from .model import SentimentNet

ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", "/srv/artifacts"))
HUB_REPO = "acme-ml/sentiment-net"
HUB_COMMIT = "3f6c0e2b9a5d4c7e8f1a2b3c4d5e6f708192a3b4"

app = FastAPI(dependencies=[Depends(require_api_key)])

with open(ARTIFACTS / "config.yaml") as f:
    config = yaml.safe_load(f)

weights_path = hf_hub_download(HUB_REPO, "model.pt", revision=HUB_COMMIT)
model = SentimentNet(**config["model"])
model.load_state_dict(torch.load(weights_path, map_location="cpu", weights_only=True))
model.eval()

# the label encoder and the TF-IDF vectorizer were pickled by the training job
with open(ARTIFACTS / "label_encoder.pkl", "rb") as fh:
    label_encoder = pickle.load(fh)  # risk: unsafe-deserialization  # expect: pickle-load-unsafe
vectorizer = joblib.load(ARTIFACTS / "tfidf.joblib")  # risk: unsafe-deserialization  # expect: joblib-load-unsafe
calibration = np.load(ARTIFACTS / "calibration.npz")
thresholds = json.loads((ARTIFACTS / "thresholds.json").read_text())


class PredictRequest(BaseModel):
    text: str


@app.post("/predict")
def predict(body: PredictRequest):
    features = torch.tensor(vectorizer.transform([body.text]).toarray(), dtype=torch.float32)
    with torch.no_grad():
        probs = torch.softmax(model(features), dim=-1).numpy()[0]
    label = label_encoder.inverse_transform([int(probs.argmax())])[0]
    return {"label": label, "score": float(probs.max()) * calibration["scale"].item()}


@app.post("/reload")
async def reload(request: Request):
    payload = await request.body()
    global model
    try:
        state = torch.load(payload, map_location="cpu")  # risk: unsafe-deserialization  # expect: torch-load-unsafe
    except Exception as exc:
        raise HTTPException(status_code=400, detail=str(exc))
    model.load_state_dict(state)
    return {"ok": True}


@app.post("/features")
async def upload_features(request: Request):
    blob = await request.body()
    frame = pickle.loads(blob)  # risk: unsafe-deserialization  # expect: pickle-load-unsafe
    return {"rows": len(frame)}


@app.get("/health")
def health():
    return {"status": "ok"}
