"""Packaging and command-line entry points of an ML library (setup.py and cli.py merged)."""
import argparse
import os
import pickle
import sys

import torch
import torch.nn as nn
from torch.nn import functional as F

here = os.path.abspath(os.path.dirname(__file__))
about = {}
with open(os.path.join(here, "mlkit", "__version__.py")) as f:
    exec(f.read(), about)

ACTIVATIONS = {"relu": nn.ReLU, "gelu": nn.GELU, "silu": nn.SiLU}


def build_activation(name):
    return ACTIVATIONS[name]()


def build_loss(name):
    return getattr(F, name)


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--metric", default="accuracy")
    parser.add_argument("--transform", default="lambda x: x")
    return parser.parse_args()


def main():
    args = parse()
    transform = eval(args.transform)  # risk: remote-code-execution  # expect: eval-untrusted-code
    state = torch.load(args.checkpoint, map_location="cpu", weights_only=True)
    metric_fn = eval(f"compute_{args.metric}")  # risk: remote-code-execution  # expect: eval-untrusted-code
    with open(os.path.join(os.path.dirname(args.checkpoint), "vocab.pkl"), "rb") as fh:
        vocab = pickle.load(fh)  # risk: unsafe-deserialization  # expect: pickle-load-unsafe
    print(metric_fn, transform, len(vocab), len(state), file=sys.stderr)


def compute_accuracy(pred, gold):
    return (pred == gold).float().mean()


if __name__ == "__main__":
    main()
