"""Fix-all: every safe fix at once; what has no fix stays reported."""
import pickle

import requests
import torch
import yaml

weights = torch.load("weights.pt")
config = yaml.load(open("config.yaml"), Loader=yaml.Loader)
labels = requests.get("https://example.com/labels.json", verify=False).json()
with open("cache.pkl", "rb") as handle:
    cache = pickle.load(handle)
