"""Image model zoo helpers (timm, torchvision, keras, hub)."""
import hashlib
import os

import tensorflow as tf
import timm
import torch
from huggingface_hub import hf_hub_download, snapshot_download
from keras.models import load_model
from safetensors.torch import load_file
from torchvision import models

GGUF_REPO = "TheBloke/Llama-2-7B-GGUF"
GGUF_FILE = "llama-2-7b.Q4_K_M.gguf"


def vit():
    return timm.create_model("hf_hub:timm/vit_base_patch16_224.augreg_in21k", pretrained=True)  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision


def llama_weights():
    return hf_hub_download(repo_id=GGUF_REPO, filename=GGUF_FILE)  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision


def all_ggufs():
    return snapshot_download(repo_id=GGUF_REPO, allow_patterns=["*.gguf"])  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision


def gan():
    return torch.hub.load("facebookresearch/pytorch_GAN_zoo:hub", "PGAN", model_name="celebAHQ-512", pretrained=True)  # risk: remote-code-execution  # expect: torch-hub-load-unpinned


def resnet():
    return torch.hub.load("pytorch/vision:v0.10.0", "resnet18", pretrained=True)


def weights_safetensors(path):
    return load_file(path)


def keras_classifier(path):
    return load_model(path, compile=False)


def keras_lambda_model(path):
    return tf.keras.models.load_model(path, safe_mode=False)  # risk: unsafe-deserialization  # expect: keras-load-model-unsafe


def flowers():
    url = "https://storage.example.com/flower_photos.tgz"
    return tf.keras.utils.get_file(origin=url, extract=True)  # risk: unpinned-artifact  # expect: download-without-checksum


def mnist():
    return tf.keras.utils.get_file("mnist.npz", origin="https://storage.example.com/mnist.npz", file_hash="731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1")


def torchvision_weights():
    return models.resnet50(weights=models.ResNet50_Weights.DEFAULT)


def scripted(path):
    return torch.jit.load(path)


def checked_download(path, expected):
    torch.hub.download_url_to_file("https://example.com/w.pth", path)
    if hashlib.sha256(open(path, "rb").read()).hexdigest() != expected:
        os.remove(path)
        raise ValueError("bad checksum")
    return torch.load(path, weights_only=True)
