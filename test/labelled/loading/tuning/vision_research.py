"""Research code for detection models: builds modules by name from a config."""
import importlib
import re

import numpy as np
import torch
import torch.nn as nn
import yaml
from torch.hub import load_state_dict_from_url

MODEL_URLS = {
    "resnet18": "https://download.pytorch.org/models/resnet18-f37072fd.pth",
}
LAYER_NAME = re.compile(r"^layer(\d+)\.")


class Backbone(nn.Module):
    def __init__(self, depth=18):
        super().__init__()
        self.depth = depth


def build_from_config(path):
    with open(path) as f:
        cfg = yaml.safe_load(f)
    module_name, class_name = cfg["model"]["type"].rsplit(".", 1)
    cls = getattr(importlib.import_module(module_name), class_name)
    activation = eval(cfg["model"]["activation"])  # risk: remote-code-execution  # expect: eval-untrusted-code
    return cls(activation=activation)


def build_backbone(arch: str):
    return eval(arch)()  # risk: remote-code-execution  # expect: eval-untrusted-code


def pretrained_resnet18():
    model = Backbone(18)
    state = load_state_dict_from_url(MODEL_URLS["resnet18"], progress=True)  # risk: unsafe-deserialization, unpinned-artifact  # expect: torch-load-unsafe, download-without-checksum
    model.load_state_dict(state)
    return model


def pretrained_resnet18_safe():
    model = Backbone(18)
    state = load_state_dict_from_url(MODEL_URLS["resnet18"], check_hash=True, weights_only=True)
    model.load_state_dict(state)
    return model


def yolo():
    return torch.hub.load("ultralytics/yolov5", "yolov5s", pretrained=True)  # risk: remote-code-execution  # expect: torch-hub-load-unpinned


def dino():
    return torch.hub.load("facebookresearch/dinov2:main", "dinov2_vits14")  # risk: remote-code-execution  # expect: torch-hub-load-unpinned(warning)


def torchvision_resnet():
    return torch.hub.load("pytorch/vision", "resnet50", weights="IMAGENET1K_V2")


def scripted(path):
    model = torch.jit.load(path, map_location="cpu")
    model.eval()
    return torch.compile(model)


def anchors(path):
    return np.load(path)


def proposals(path):
    return np.load(path, allow_pickle=True).item()  # risk: unsafe-deserialization  # expect: numpy-load-allow-pickle


def layer_index(name):
    match = LAYER_NAME.match(name)
    return int(match.group(1)) if match else -1
