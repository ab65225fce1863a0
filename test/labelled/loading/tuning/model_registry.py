"""Model registry client: pulls models and data for the batch scoring job."""
import gzip
import hashlib
import json
import os
import pickle
import urllib.request

import gdown
import jsonpickle
import mlflow
import pandas as pd
import requests
import skops.io as sio
import torch
import yaml
from datasets import load_dataset
from huggingface_hub import hf_hub_download, snapshot_download
from PIL import Image
from torch import hub
from transformers import AutoModel, AutoProcessor

PINNED = "a3f1c2d4e5b6a7980f1e2d3c4b5a69788f9e0d1c"
EXPECTED_MD5 = "9e107d9d372bb6826bd81d3542a419d6"


def pull_processor():
    model_dir = snapshot_download("acme/vision-encoder", revision=PINNED)
    return AutoProcessor.from_pretrained(model_dir)


def pull_tagged():
    return hf_hub_download(repo_id="acme/vision-encoder", filename="config.json", revision="v2.0")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision


def pull_pr():
    return AutoModel.from_pretrained("acme/vision-encoder", revision="refs/pr/12")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision


def pull_dataset():
    return load_dataset("acme/transactions", revision="main")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision


def pull_remote_code_model():
    return AutoModel.from_pretrained("acme/custom-arch", trust_remote_code=True, revision=PINNED)  # risk: remote-code-execution  # expect: hf-trust-remote-code


def full_model(path):
    return torch.load(path, weights_only=False)  # risk: unsafe-deserialization  # expect: torch-load-unsafe


def state_dict(path):
    return torch.load(path, map_location="cpu", mmap=True, weights_only=True)


def compressed_features(path):
    return pickle.load(gzip.open(path, "rb"))  # risk: unsafe-deserialization  # expect: pickle-load-unsafe


def remote_frame(url):
    return pd.read_pickle(url)  # risk: unsafe-deserialization  # expect: pandas-read-pickle


def decode_event(payload):
    return jsonpickle.decode(payload)  # risk: unsafe-deserialization  # expect: pickle-load-unsafe


def read_config(path):
    with open(path) as f:
        return yaml.load(f, yaml.CLoader)  # risk: unsafe-deserialization  # expect: yaml-load-unsafe


def read_config_safe(path):
    with open(path) as f:
        return yaml.load(f, Loader=yaml.SafeLoader)


def sklearn_model(path):
    return sio.load(path, trusted=sio.get_untrusted_types(file=path))  # risk: unsafe-deserialization  # expect: skops-load-trusted


def production_model():
    return mlflow.pyfunc.load_model("models:/scorer/Production")  # risk: unsafe-deserialization  # expect: mlflow-load-model-pickle


def segmentation_model():
    return hub.load("facebookresearch/detr", "detr_resnet50", pretrained=True)  # risk: remote-code-execution  # expect: torch-hub-load-unpinned


def fetch_archive(url, path):
    urllib.request.urlretrieve(url, path)
    with open(path, "rb") as f:
        if hashlib.md5(f.read()).hexdigest() != EXPECTED_MD5:
            raise ValueError("corrupt download")


def fetch_drive(file_id):
    gdown.download(id=file_id, output="scoring_data.zip", quiet=False)  # risk: unpinned-artifact  # expect: download-without-checksum


def fetch_weights(url, dst):
    torch.hub.download_url_to_file(url, dst, hash_prefix=None)  # risk: unpinned-artifact  # expect: download-without-checksum


def thumbnail(url):
    return Image.open(requests.get(url, stream=True, timeout=30).raw)


def api_status(url):
    return requests.get(url, timeout=10).json()


def save_logo(url):
    with open("logo.png", "wb") as f:
        f.write(requests.get(url, timeout=30).content)


def report(metrics, path):
    with open(path, "w") as f:
        json.dump(metrics, f)
    return os.path.getsize(path)
