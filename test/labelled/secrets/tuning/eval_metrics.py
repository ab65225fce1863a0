import hashlib
import uuid

import jax
import mlflow
import wandb
from transformers import AutoTokenizer

TOKENIZER_NAME = "bert-base-uncased"
tokenizer = AutoTokenizer.from_pretrained(TOKENIZER_NAME, revision="df6c724b271265e81e64953d37b0303f97e447f5")
max_tokens = 512
num_tokens = 0
token_type_ids = None
pad_token = "[PAD]"
eos_token = "</s>"
secret_name = "OPENAI_API_KEY"
auth_header_name = "Authorization"
api_base = "https://api.openai.com/v1"
experiment_id = "16690008-0840-4d19-a4f9-7577380884d4"
run_id = "ec9a5fe52aa53c8007395ea971e8b161"
commit_sha = "6e19034606bbfb2a7c46b010950cc4ddc1144f84"
dataset_sha256 = "002b123ba1ae8bbca07cd444beb7421a9bee35b4be53e889556b1b1e533796e7"
key = jax.random.PRNGKey(0)
cache_key = hashlib.sha256(b"features-v3").hexdigest()
session_id = str(uuid.uuid4())
password_hash_algorithm = "argon2id"
wandb.login()
wandb.init(project="support-bot", id=run_id[:8], resume="allow")
mlflow.start_run(run_id=run_id)


def count_tokens(texts):
    return sum(len(tokenizer(t)["input_ids"]) for t in texts)
