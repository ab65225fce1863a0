"""Lightning training entry point for a retrieval model, with a few utilities around it."""
import hashlib
import os
import urllib.request

import dill
import joblib
import lightning as L
import numpy as np
import requests
import shelve
import torch
import wget
import yaml
from datasets import load_dataset
from huggingface_hub import hf_hub_download
from sentence_transformers import CrossEncoder, SentenceTransformer

ALLOW = True
MODEL_URL = "https://models.example.com/retriever/v4/retriever.ckpt"
MODEL_SHA256 = "4b227777d4dd1fc61c6f884f48641d02b4d121d3fd328cb08b5531fcacdabf8a"
REV = os.environ.get("RERANKER_REVISION")

os.environ.update({"TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD": "1"})  # risk: unsafe-deserialization  # expect: torch-weights-only-disabled-env


class Retriever(L.LightningModule):
    def __init__(self, encoder_name: str):
        super().__init__()
        self.encoder = SentenceTransformer(encoder_name)


def encoders():
    local = SentenceTransformer("models/st-finetuned")
    bge = SentenceTransformer("BAAI/bge-m3")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
    reranker = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
    return local, bge, reranker


def data():
    digits = load_dataset("ylecun/mnist")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
    audio = load_dataset("audiofolder", data_dir="data/audio")
    scripted = load_dataset("acme/legacy-loader", trust_remote_code=True)  # risk: remote-code-execution, unpinned-artifact  # expect: hf-hub-unpinned-revision, hf-trust-remote-code
    return digits, audio, scripted


def resume(ckpt_path):
    checkpoint = torch.load(ckpt_path, map_location="cpu")  # risk: unsafe-deserialization  # expect: torch-load-unsafe
    return checkpoint["state_dict"]


def sklearn_head():
    path = hf_hub_download("acme/sk-head", "head.joblib", revision=REV)
    return joblib.load(path)  # risk: unsafe-deserialization  # expect: joblib-load-unsafe


def restore_session():
    dill.load_session("notebook_env.db")  # risk: unsafe-deserialization  # expect: pickle-load-unsafe


def lookup_table(path):
    return shelve.open(path, flag="r")  # risk: unsafe-deserialization  # expect: pickle-load-unsafe


def hard_negatives(path):
    return np.load(path, allow_pickle=ALLOW)  # risk: unsafe-deserialization  # expect: numpy-load-allow-pickle


def legacy_config(path):
    return yaml.load(open(path), Loader=yaml.UnsafeLoader)  # risk: unsafe-deserialization  # expect: yaml-load-unsafe


def fetch_checkpoint(dst):
    response = requests.get(MODEL_URL, timeout=300)
    if hashlib.sha256(response.content).hexdigest() != MODEL_SHA256:
        raise ValueError("checksum mismatch")
    with open(dst, "wb") as f:
        f.write(response.content)


def fetch_vocab(url, dst, md5):
    wget.download(url, out=dst)
    check_integrity(dst, md5)


def check_integrity(path, md5):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest() == md5


def fetch_thumbnails(urls):
    for i, url in enumerate(urls):
        urllib.request.urlretrieve(url, f"thumbs/{i}.jpg")


def fetch_lexicon(url):
    urllib.request.urlretrieve(url, "lexicon.tsv")  # risk: unpinned-artifact  # expect: download-without-checksum
