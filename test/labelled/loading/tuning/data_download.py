"""Fetch the raw data sets and pretrained weights the pipeline needs."""
import hashlib
import os
import tarfile
import urllib.request
from pathlib import Path

import requests
from torchvision.datasets.utils import download_and_extract_archive

DATA_DIR = Path("data/raw")
SOURCES = {
    "reviews.parquet": ("https://data.example.org/reviews/v3/reviews.parquet", "0b8f2d1c9e7a6b5d4c3f2e1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c"),
    "labels.csv": ("https://data.example.org/reviews/v3/labels.csv", "7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c"),
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_verified(name: str) -> Path:
    url, expected = SOURCES[name]
    target = DATA_DIR / name
    if not target.exists():
        urllib.request.urlretrieve(url, target)
    if sha256_of(target) != expected:
        raise RuntimeError(f"checksum mismatch for {name}")
    return target


def fetch_glove(url="https://nlp.example.edu/data/glove.6B.zip"):
    target = DATA_DIR / "glove.6B.zip"
    with requests.get(url, stream=True, timeout=120) as response:
        response.raise_for_status()
        with open(target, "wb") as f:
            for chunk in response.iter_content(chunk_size=1 << 20):
                f.write(chunk)  # risk: unpinned-artifact  # expect: download-without-checksum
    return target


def fetch_cifar():
    download_and_extract_archive("https://www.cs.example.edu/~kriz/cifar-10-python.tar.gz", str(DATA_DIR), md5="c58f30108f718f92721af3b95e74349a")


def fetch_weights(url: str, name: str) -> str:
    path = os.path.join("weights", name)
    urllib.request.urlretrieve(url, path)  # risk: unpinned-artifact  # expect: download-without-checksum
    return path


def fetch_readme(url: str) -> str:
    return requests.get(url, timeout=30).text


def unpack(archive: Path):
    with tarfile.open(archive) as tar:
        tar.extractall(DATA_DIR, filter="data")


if __name__ == "__main__":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for source in SOURCES:
        fetch_verified(source)
    fetch_glove()
    fetch_cifar()
