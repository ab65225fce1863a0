import hashlib
import os

import boto3

session = boto3.Session(
    aws_access_key_id="AKIABJIUZIFTXNFX23S4",  # risk: hardcoded-secret
    aws_secret_access_key="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",  # risk: hardcoded-secret
    region_name="eu-west-1",
)
default_session = boto3.Session(profile_name=os.getenv("AWS_PROFILE", "default"))
s3 = session.client("s3")
BUCKET = "acme-ml-artifacts"
EXPECTED_SHA256 = "e33358359bfdc3c310135914c78ff2144965d2dbe70f80eb3431b0dca349d952"
RUN_ID = "0eb48071-f361-4dee-a884-5df6e787b369"


def verify(path: str) -> bool:
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    return digest == EXPECTED_SHA256


def push(path: str) -> None:
    key = f"runs/{RUN_ID}/{os.path.basename(path)}"
    s3.upload_file(path, BUCKET, key, ExtraArgs={"ServerSideEncryption": "aws:kms"})
