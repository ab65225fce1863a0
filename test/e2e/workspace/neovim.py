"""Opened by Neovim: one finding with a fix, one without."""
import pickle

import torch

state = torch.load("checkpoints/last.pt")
with open("vocab.pkl", "rb") as handle:
    vocab = pickle.load(handle)
