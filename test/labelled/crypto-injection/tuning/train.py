"""Training loop with the usual randomness, checkpoints and shell calls (labelled corpus: rules-c)."""
import os
import random
import shutil
import stat
import subprocess
import tempfile

import numpy as np
import torch
from torch.utils.data import DataLoader

SEED = 1234
CHECKPOINT_DIR = "checkpoints"


def set_seed(seed=SEED):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def augment(image):
    if random.random() < 0.5:
        image = np.fliplr(image)
    angle = random.uniform(-15, 15)
    noise = np.random.randn(*image.shape) * 0.01
    salt = np.random.rand(*image.shape) < 0.01
    image = np.where(salt, 1.0, image + noise)
    return image, angle


def mask_tokens(token_ids, vocab_size, mask_id):
    masked = list(token_ids)
    for i in range(len(masked)):
        if random.random() < 0.15:
            token = random.randint(0, vocab_size - 1)
            masked[i] = mask_id if random.random() < 0.8 else token
    return masked


def train(model, dataset, epochs=3):
    loader = DataLoader(dataset, batch_size=32, shuffle=True, pin_memory=True)
    for epoch in range(epochs):
        for batch in loader:
            model.train_step(batch)
        os.makedirs(CHECKPOINT_DIR, exist_ok=True)
        path = os.path.join(CHECKPOINT_DIR, f"epoch-{epoch}.pt")
        torch.save(model.state_dict(), path)
        os.chmod(path, 0o644)
    torch.save(model.state_dict(), "/tmp/last.pt")  # risk: insecure-temp-file
    os.chmod(CHECKPOINT_DIR, 0o777)  # risk: insecure-temp-file
    os.chmod("run.sh", stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP)


def export_onnx(model, out_dir):
    with tempfile.TemporaryDirectory() as workdir:
        onnx_path = os.path.join(workdir, "model.onnx")
        torch.onnx.export(model, torch.zeros(1, 3, 224, 224), onnx_path)
        subprocess.run(["python", "-m", "onnxsim", onnx_path, onnx_path], check=True)
        shutil.copy(onnx_path, out_dir)


def log_gpu():
    subprocess.run("nvidia-smi", shell=True)
    return subprocess.getoutput("git rev-parse HEAD")


def sweep():
    for lr in [1e-3, 3e-4, 1e-4]:
        for batch_size in (16, 32):
            os.system(f"python train.py --lr {lr} --batch-size {batch_size}")


def sweep_from_file(path):
    with open(path) as handle:
        for line in handle:
            os.system(f"python train.py {line.strip()}")  # risk: command-injection


def load_cached_features():
    return np.load("/tmp/features.npy")
