import os

import mlflow
import wandb
from mlflow.tracking import MlflowClient

TRACKING_URI = "http://10.20.0.15:5000"


def configure(local: bool = False):
    if local:
        mlflow.set_tracking_uri("http://127.0.0.1:5000")
        return MlflowClient()
    mlflow.set_tracking_uri(TRACKING_URI)  # risk: insecure-transport
    wandb.login(key=os.environ["WANDB_API_KEY"], host="https://wandb.example.com")
    return MlflowClient(tracking_uri=TRACKING_URI)  # risk: insecure-transport
