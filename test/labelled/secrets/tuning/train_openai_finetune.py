"""Fine-tunes a chat model on support transcripts with the OpenAI API."""
import json
import os
import time

from openai import OpenAI

OPENAI_API_KEY = "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"  # risk: hardcoded-secret
MAX_TOKENS = 4096
BASE_MODEL = "gpt-4o-mini-2024-07-18"
SECRET_ENV_NAME = "OPENAI_API_KEY"

client = OpenAI(api_key=OPENAI_API_KEY)
fallback = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
org_client = OpenAI(api_key=os.getenv(SECRET_ENV_NAME), organization=os.getenv("OPENAI_ORG"))


def upload(path: str) -> str:
    with open(path, "rb") as f:
        uploaded = client.files.create(file=f, purpose="fine-tune")
    print("uploaded", uploaded.id)
    return uploaded.id


def main() -> None:
    file_id = upload("data/train.jsonl")
    job = client.fine_tuning.jobs.create(training_file=file_id, model=BASE_MODEL, hyperparameters={"n_epochs": 3})
    print(f"started {job.id} with key {OPENAI_API_KEY}")  # risk: secret-exposure
    print(f"key configured: {bool(OPENAI_API_KEY)}")
    while client.fine_tuning.jobs.retrieve(job.id).status not in ("succeeded", "failed"):
        time.sleep(30)
    reply = client.chat.completions.create(model=BASE_MODEL, max_tokens=MAX_TOKENS, messages=[{"role": "user", "content": "hi"}])
    print(json.dumps(reply.model_dump(), indent=2))


if __name__ == "__main__":
    main()
