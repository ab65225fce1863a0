"""Training: a logistic-regression baseline on the encrypted prepared data.

Replace `fit` with your model; keep the encrypted input and the checksummed, pickle-free output.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import numpy as np

from .model_io import save_arrays
from .pipeline import FEATURES, TARGET
from .secure_io import read_encrypted_csv
from .settings import data_dir, model_dir

log = logging.getLogger(__name__)


def fit(features: np.ndarray, labels: np.ndarray, epochs: int = 500, rate: float = 0.1) -> dict[str, np.ndarray]:
    """Plain gradient descent on standardised features; returns the model's arrays."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-9
    x = (features - mean) / scale
    weights = np.zeros(x.shape[1])
    bias = 0.0
    for _ in range(epochs):
        predictions = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
        error = predictions - labels
        weights -= rate * (x.T @ error) / len(labels)
        bias -= rate * float(error.mean())
    return {"weights": weights, "bias": np.array([bias]), "mean": mean, "scale": scale}


def predict_proba(model: dict[str, np.ndarray], features: np.ndarray) -> np.ndarray:
    x = (features - model["mean"]) / model["scale"]
    return 1.0 / (1.0 + np.exp(-(x @ model["weights"] + model["bias"][0])))


def train(prepared: str | Path, output: str | Path) -> Path:
    frame = read_encrypted_csv(prepared)
    features = frame[FEATURES].to_numpy(dtype=float)
    labels = frame[TARGET].to_numpy(dtype=float)
    model = fit(features, labels)
    accuracy = float(((predict_proba(model, features) >= 0.5) == labels).mean())
    log.info("trained on %d rows, training accuracy %.3f", len(labels), accuracy)
    return save_arrays(output, **model)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=data_dir() / "prepared.csv.enc")
    parser.add_argument("--output", type=Path, default=model_dir() / "model.npz")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    train(arguments.data, arguments.output)


if __name__ == "__main__":
    main()
