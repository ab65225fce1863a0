"""A Kaggle-style NLP pipeline, written the way many public notebooks-turned-scripts are."""
import gc
import io
import os
import pickle
import urllib.request
from ast import literal_eval

import cloudpickle
import joblib
import numpy as np
import pandas as pd
import redis
import requests
import torch
import wget
import yaml
from sentence_transformers import SentenceTransformer
from transformers import AutoModel, AutoTokenizer, BertTokenizer, pipeline

CFG = {"model": "microsoft/deberta-v3-base", "max_len": 512, "seed": 42}
OUTPUT = "/kaggle/working"
cache = redis.Redis(host="localhost", port=6379)

train = pd.read_csv("/kaggle/input/comp/train.csv")
train["tags"] = train["tags"].apply(eval)  # risk: remote-code-execution  # expect: eval-untrusted-code
train["spans"] = train["spans"].apply(literal_eval)
train["entities"] = train["entities"].map(lambda s: eval(s))  # risk: remote-code-execution  # expect: eval-untrusted-code

tokenizer = AutoTokenizer.from_pretrained(CFG["model"])  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
bert_tok = BertTokenizer.from_pretrained("bert-base-uncased", do_lower_case=True)  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
encoder = SentenceTransformer("all-MiniLM-L6-v2")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
summarizer = pipeline("summarization", model="facebook/bart-large-cnn")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
gen = pipeline("text-generation", model="gpt2")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = AutoModel.from_pretrained(CFG["model"])  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision


def load_fold(fold):
    model = Net()
    model.load_state_dict(torch.load(f"{OUTPUT}/fold{fold}.pth", map_location=lambda storage, loc: storage))  # risk: unsafe-deserialization  # expect: torch-load-unsafe
    return model


def load_from_bytes(blob):
    return torch.load(io.BytesIO(blob), weights_only=False)  # risk: unsafe-deserialization  # expect: torch-load-unsafe


def cached_embeddings(key):
    raw = cache.get(key)
    return pickle.loads(raw) if raw else None  # risk: unsafe-deserialization  # expect: pickle-load-unsafe


def load_transform(path):
    with open(path, "rb") as f:
        return cloudpickle.load(f)  # risk: unsafe-deserialization  # expect: pickle-load-unsafe


def load_hparams(path):
    with open(path) as stream:
        return yaml.load(stream, Loader=yaml.Loader)  # risk: unsafe-deserialization  # expect: yaml-load-unsafe


def load_remote_model(url):
    response = requests.get(url, timeout=60)
    return joblib.load(io.BytesIO(response.content))  # risk: unsafe-deserialization  # expect: joblib-load-unsafe


def fetch_stopwords():
    url = "https://raw.githubusercontent.com/acme/nlp-assets/main/stopwords.txt"
    open("stopwords.txt", "wb").write(urllib.request.urlopen(url).read())  # risk: unpinned-artifact  # expect: download-without-checksum


def fetch_vocab():
    return wget.download("https://example.org/vocab/bpe.model")  # risk: unpinned-artifact  # expect: download-without-checksum


def safe_parts():
    embeddings = encoder.encode(train["text"].tolist(), batch_size=64)
    np.save(f"{OUTPUT}/emb.npy", embeddings)
    np.load(f"{OUTPUT}/emb.npy")
    joblib.dump(embeddings, f"{OUTPUT}/emb.joblib")
    blob = pickle.dumps(embeddings)
    cache.set("emb", blob)
    torch.save(Net().state_dict(), f"{OUTPUT}/model.pth")
    gc.collect()
    return yaml.safe_load(open("config.yaml"))


if __name__ == "__main__":
    os.makedirs(OUTPUT, exist_ok=True)
