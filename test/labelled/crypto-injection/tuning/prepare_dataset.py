"""Download, unpack and register the image dataset for training (labelled corpus: rules-c)."""
import argparse
import hashlib
import io
import json
import logging
import os
import random
import shutil
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path
from urllib.request import urlretrieve

import numpy as np
import pandas as pd
import requests

log = logging.getLogger(__name__)

DATA_ROOT = Path("data")
MIRROR = "https://storage.example.org/datasets"
ARCHIVE = "imagenette2-320.tgz"
EXPECTED_SHA256 = "6cbfac238434d89fe99e651496f0812ebc7a10fa62bd42d6874042bf01de4efd"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(url, target):
    # constant flags, argument list: fine
    subprocess.run(["curl", "-L", "--fail", "-o", str(target), url], check=True)
    if sha256_of(target) != EXPECTED_SHA256:
        raise ValueError("checksum mismatch")


def download_with_wget(url, target):
    subprocess.run(f"wget -q {url} -O {target}", shell=True, check=True)  # risk: command-injection


def unpack(archive_path, destination):
    with tarfile.open(archive_path) as archive:
        archive.extractall(destination)  # risk: path-traversal


def unpack_safely(archive_path, destination):
    with tarfile.open(archive_path) as archive:
        archive.extractall(destination, filter="data")


def unpack_labels(url):
    response = requests.get(url, timeout=60)
    response.raise_for_status()
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        bundle.extractall(DATA_ROOT / "labels")  # risk: path-traversal


def restore_local_backup():
    with zipfile.ZipFile("backups/labels-2024-05.zip") as bundle:
        bundle.extractall(DATA_ROOT / "labels")


def split(frame, seed=13):
    random.seed(seed)
    np.random.seed(seed)
    indices = list(range(len(frame)))
    random.shuffle(indices)
    cut = int(0.8 * len(indices))
    noise = np.random.normal(0, 0.01, size=len(frame))
    frame = frame.assign(jitter=noise)
    return frame.iloc[indices[:cut]], frame.iloc[indices[cut:]]


def cache_key(config):
    blob = json.dumps(config, sort_keys=True).encode()
    return hashlib.md5(blob).hexdigest()


def dedupe(frame):
    frame["content_hash"] = frame["caption"].map(lambda text: hashlib.md5(text.encode()).hexdigest())
    return frame.drop_duplicates("content_hash")


def stage(frame):
    staging = tempfile.mkdtemp(prefix="stage-")
    frame.to_parquet(os.path.join(staging, "train.parquet"))
    scratch = tempfile.mktemp(suffix=".parquet")  # risk: insecure-temp-file
    frame.to_parquet(scratch)
    frame.to_csv("/tmp/train_snapshot.csv", index=False)  # risk: insecure-temp-file
    return staging


def report_disk_usage():
    os.system("df -h")
    print(subprocess.check_output("nvidia-smi --query-gpu=memory.used --format=csv", shell=True).decode())


def convert_images(src_dir, dst_dir, size):
    for image in sorted(Path(src_dir).glob("*.jpg")):
        os.system(f"convert {image} -resize {size}x{size} {dst_dir}/{image.name}")  # risk: command-injection


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="data")
    args = parser.parse_args()
    target = Path(args.out) / ARCHIVE
    if not target.exists():
        urlretrieve(f"{MIRROR}/{ARCHIVE}", target)
    unpack_safely(target, args.out)
    for split_name in ["train", "val"]:
        os.makedirs(os.path.join(args.out, split_name), exist_ok=True)
        os.system(f"ls {DATA_ROOT}/{split_name} | wc -l")
    shutil.copy(target, Path(args.out) / "archive-copy.tgz")
    log.info("dataset ready in %s", args.out)


if __name__ == "__main__":
    main()
