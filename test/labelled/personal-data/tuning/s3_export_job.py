"""Exports model artifacts and monitoring snapshots to S3."""
import io
import os

import boto3
import pandas as pd

session = boto3.session.Session(region_name=os.environ.get("AWS_REGION", "eu-west-1"))
s3 = session.client("s3")
BUCKET = os.environ["ARTIFACT_BUCKET"]


def upload_model(path: str) -> None:
    s3.upload_file(path, BUCKET, f"models/{os.path.basename(path)}")  # risk: unencrypted-storage


def upload_snapshot(frame: pd.DataFrame, key: str) -> None:
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    s3.put_object(Bucket=BUCKET, Key=key, Body=buffer.getvalue(), ServerSideEncryption="aws:kms", SSEKMSKeyId=os.environ["KMS_KEY_ID"])


def upload_metrics(metrics: dict) -> None:
    s3.put_object(Bucket=BUCKET, Key="metrics/latest.json", Body=pd.Series(metrics).to_json())  # risk: unencrypted-storage


upload_model("artifacts/model.onnx")
upload_metrics({"auc": 0.91})
