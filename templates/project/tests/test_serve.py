import os

import numpy as np
import pytest
from fastapi.testclient import TestClient

from {{package}}.model_io import save_arrays
from {{package}}.serve import app, model


@pytest.fixture()
def client(tmp_path, monkeypatch):
    path = save_arrays(
        tmp_path / "model.npz", weights=np.array([0.5, -0.2, 0.1]), bias=np.array([0.0]), mean=np.zeros(3), scale=np.ones(3)
    )
    monkeypatch.setenv("MODEL_PATH", str(path))
    model.cache_clear()
    yield TestClient(app)
    model.cache_clear()


def test_health_is_open(client):
    assert client.get("/health").json() == {"status": "ok"}


def test_predict_requires_the_key(client):
    body = {"values": [1.0, 2.0, 3.0]}
    assert client.post("/predict", json=body).status_code == 401
    assert client.post("/predict", json=body, headers={"X-API-Key": "wrong"}).status_code == 401
    response = client.post("/predict", json=body, headers={"X-API-Key": os.environ["SERVICE_API_KEY"]})
    assert response.status_code == 200
    assert 0.0 <= response.json()["probability"] <= 1.0
