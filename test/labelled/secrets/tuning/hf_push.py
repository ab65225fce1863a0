import os
import subprocess

from huggingface_hub import HfApi, login
from transformers import AutoModelForCausalLM, AutoTokenizer

HF_TOKEN = "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"  # risk: hardcoded-secret
MODEL_ID = "meta-llama/Llama-3.1-8B"
MODEL_REVISION = "4b8eecdb1a2a2cc1bf0bb81676644ab24918b1ec"

login(token=HF_TOKEN)
tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, revision=MODEL_REVISION)
tokenizer.pad_token = tokenizer.eos_token
tokenizer.add_special_tokens({"pad_token": "<pad>", "mask_token": "[MASK]"})
model = AutoModelForCausalLM.from_pretrained(MODEL_ID, revision="33281b7e1958ec9ab02196ab9125527cf4845260", token=True)
model.generation_config.max_new_tokens = 256
model.generation_config.pad_token_id = tokenizer.pad_token_id

api = HfApi(token=os.getenv("HF_TOKEN"))
api.upload_folder(folder_path="out", repo_id="acme-ml/llama-support", commit_message="weights")
subprocess.run(["huggingface-cli", "login", "--token", HF_TOKEN], check=True)  # risk: secret-exposure
subprocess.run(["huggingface-cli", "whoami"], check=True)
