"""Streamlit playground for the pricing model."""
import ctypes
import os
import pickle
import urllib.request

import nbformat
import streamlit as st
import torch

st.title("Pricing playground")
formula = st.text_input("Custom feature formula", "price * 1.2")
price = st.number_input("Price", value=10.0)
value = eval(formula, {"price": price})  # risk: remote-code-execution  # expect: eval-untrusted-code
st.write(value)

uploaded = st.file_uploader("Upload a saved model")
if uploaded is not None:
    model = pickle.load(uploaded)  # risk: unsafe-deserialization  # expect: pickle-load-unsafe
    st.write(type(model).__name__)

remote = st.text_input("Model URL")
if remote:
    model = torch.load(urllib.request.urlopen(remote))  # risk: unsafe-deserialization  # expect: torch-load-unsafe

cuda = ctypes.CDLL(os.environ.get("CUDA_RUNTIME", "libcudart.so"))


def run_notebook(path):
    nb = nbformat.read(path, as_version=4)
    namespace = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(cell.source, namespace)  # risk: remote-code-execution  # expect: eval-untrusted-code
    return namespace


def scheduler(config):
    return eval(config["lr_lambda"])  # risk: remote-code-execution  # expect: eval-untrusted-code


def constant_code():
    return compile("x = 1", "<const>", "exec")


def hub_model():
    return torch.hub.load("NVIDIA/DeepLearningExamples:torchhub", "nvidia_efficientnet_b0", pretrained=True)  # risk: remote-code-execution  # expect: torch-hub-load-unpinned


def hub_model_from(repo):
    return torch.hub.load(repo, "model", source="github")
