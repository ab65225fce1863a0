import argparse
import os

import boto3
import mlflow
import pandas as pd
import wandb
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/train.csv")
    parser.add_argument("--tracking-uri", default=os.environ.get("MLFLOW_TRACKING_URI", "http://localhost:5000"))
    parser.add_argument("--n-estimators", type=int, default=200)
    return parser.parse_args()


def main():
    args = parse_args()
    mlflow.set_tracking_uri(args.tracking_uri)
    mlflow.set_experiment("churn")
    df = pd.read_csv(args.data)
    X_train, X_test, y_train, y_test = train_test_split(df.drop(columns=["label"]), df["label"], test_size=0.2)
    wandb.init(project="churn", config=vars(args))
    with mlflow.start_run():
        model = RandomForestClassifier(n_estimators=args.n_estimators).fit(X_train, y_train)
        mlflow.log_metric("accuracy", model.score(X_test, y_test))
        mlflow.sklearn.log_model(model, "model")
    s3 = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com"))
    s3.upload_file("model.joblib", "models", "churn/model.joblib")


def legacy_tracking():
    mlflow.set_tracking_uri("http://mlflow.corp.example.com:5000")  # risk: insecure-transport
    minio = boto3.resource("s3", endpoint_url="http://minio.corp.example.com:9000")  # risk: insecure-transport
    return minio


if __name__ == "__main__":
    main()
