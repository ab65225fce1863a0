"""A typical training script with no personal data: every print, log and save here is fine."""
import json
import logging
import os

import mlflow
import numpy as np
import pandas as pd
import torch
import wandb
from sklearn.datasets import load_iris
from sklearn.metrics import classification_report

logger = logging.getLogger(__name__)
model_name = os.environ.get("MODEL_NAME", "resnet50")
run_name = f"{model_name}-baseline"
data_path = "data/iris.csv"

iris = load_iris(as_frame=True)
df = iris.frame
print(df.head())
print(df.describe())
print(df.isnull().sum())
logger.info("Loading %s", data_path)
wandb.init(project="iris", name=run_name)
wandb.log({"name": run_name, "rows": len(df)})
mlflow.log_param("model_name", model_name)
mlflow.log_params({"file_name": "iris.csv", "column_name": "target"})
embeddings = np.random.rand(len(df), 16)
np.save("embeddings.npy", embeddings)
predictions = pd.DataFrame({"id": df.index, "prediction": np.zeros(len(df))})
predictions.to_csv("predictions.csv", index=False)
print(classification_report(df.target, predictions.prediction))
torch.save({"epoch": 3, "state": {}}, "checkpoints/last.pt")
with open("metrics.json", "w") as f:
    json.dump({"accuracy": 0.97, "model_name": model_name}, f)
for name, value in {"lr": 0.01, "batch": 32}.items():
    print(f"{name}={value}")
print(f"Saved to {data_path}")
