"""Fetch the raw datasets used by the training pipeline.

Mirrors are listed at http://mirror.example.org/datasets (documentation only).
"""
import os
import ssl
import urllib.request
from pathlib import Path

import requests
import urllib3

ssl._create_default_https_context = ssl._create_unverified_context  # risk: insecure-transport
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # risk: insecure-transport

RAW = Path("data/raw")
MNIST = "http://yann.lecun.com/exdb/mnist/"
CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
LOCAL_MIRROR = "http://localhost:8080/datasets"
FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]


def download_mnist():
    RAW.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        urllib.request.urlretrieve(MNIST + name, RAW / name)  # risk: insecure-transport


def download_cifar():
    response = requests.get(CIFAR_URL, timeout=60, stream=True)
    response.raise_for_status()
    with open(RAW / "cifar-10-python.tar.gz", "wb") as out:
        for chunk in response.iter_content(chunk_size=1 << 20):
            out.write(chunk)


def download_internal(name: str) -> bytes:
    token = os.environ["DATA_API_TOKEN"]
    response = requests.get(f"https://data.internal.example.com/files/{name}", headers={"Authorization": f"Bearer {token}"}, verify=False, timeout=30)  # risk: insecure-transport
    return response.content


def from_mirror(name: str) -> bytes:
    return requests.get(f"{LOCAL_MIRROR}/{name}", timeout=30).content


def labels_csv():
    import pandas as pd

    return pd.read_csv("http://data.example.org/labels/v3/labels.csv")  # risk: insecure-transport


if __name__ == "__main__":
    download_mnist()
    download_cifar()
