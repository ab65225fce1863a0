"""Score fine-tuned checkpoints on a benchmark and cache the results (evaluation harness)."""
import argparse
import ast
import json
import pickle
from pathlib import Path

import joblib
import numpy as np
import torch
import yaml
from datasets import load_dataset
from huggingface_hub import hf_hub_download
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM, AutoTokenizer

BASE = "meta-llama/Llama-2-7b-hf"
BASE_REVISION = "8cca527612d856d7d32bd94f8103728d614eb852"
CACHE = Path("cache")


def load_base():
    tokenizer = AutoTokenizer.from_pretrained(BASE, revision=BASE_REVISION)
    model = AutoModelForCausalLM.from_pretrained(BASE, revision=BASE_REVISION, torch_dtype=torch.float16)
    return tokenizer, model


def load_judge():
    # the judge model ships its own modelling code
    return AutoModelForCausalLM.from_pretrained("internlm/internlm2-chat-7b", trust_remote_code=True)  # risk: remote-code-execution, unpinned-artifact


def load_detector():
    return torch.hub.load("facebookresearch/dinov2", "dinov2_vits14")  # risk: remote-code-execution


def load_adapter(path):
    if path.endswith(".safetensors"):
        return load_file(path)
    return torch.load(path, map_location="cpu")  # risk: unsafe-deserialization


def load_reference_weights():
    path = hf_hub_download("openai-community/gpt2", "pytorch_model.bin")  # risk: unpinned-artifact
    return torch.load(path, map_location="cpu", weights_only=True)


def benchmark():
    return load_dataset("cais/mmlu", "all", split="test")  # risk: unpinned-artifact


def local_benchmark(path):
    return load_dataset("json", data_files=path, split="train")


def cached_scores(name):
    file = CACHE / f"{name}.pkl"
    if file.exists():
        with open(file, "rb") as f:
            return pickle.load(f)  # risk: unsafe-deserialization
    return None


def save_scores(name, scores):
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / f"{name}.pkl", "wb") as f:
        pickle.dump(scores, f)


def load_calibrator(path):
    return joblib.load(path)  # risk: unsafe-deserialization


def load_embeddings(path):
    return np.load(path)


def load_vocab(path):
    return np.load(path, allow_pickle=True).item()  # risk: unsafe-deserialization


def load_config(path):
    with open(path) as f:
        return yaml.safe_load(f)


def load_legacy_config(path):
    with open(path) as f:
        return yaml.load(f, Loader=yaml.Loader)  # risk: unsafe-deserialization


def parse_answer(model_output: str):
    # the model is asked to answer with a Python list such as "['A', 'C']"
    return eval(model_output)  # risk: remote-code-execution


def parse_answer_safely(model_output: str):
    return ast.literal_eval(model_output)


def score_expression(expr: str) -> float:
    return float(eval(expr, {"__builtins__": {}}))  # risk: remote-code-execution


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--adapter")
    parser.add_argument("--config", default="eval.yaml")
    args = parser.parse_args()
    config = load_config(args.config)
    tokenizer, model = load_base()
    if args.adapter:
        model.load_state_dict(load_adapter(args.adapter), strict=False)
    data = benchmark()
    results = {"n": len(data), "config": config, "vocab": tokenizer.vocab_size}
    print(json.dumps(results))
    save_scores("latest", results)


if __name__ == "__main__":
    main()
