"""Saving and loading models without running code from the model file.

Models are stored as plain arrays (`.npz`, loaded with allow_pickle=False) together with a
SHA-256 checksum; loading verifies the checksum first. PyTorch users: save `state_dict()` and
load with `torch.load(path, weights_only=True)` (see load_torch_state_dict).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np


class ChecksumMismatch(RuntimeError):
    """The model file does not match the checksum recorded when it was saved."""


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_arrays(path: str | Path, **arrays: np.ndarray) -> Path:
    """Save named arrays to `path` (.npz) and its checksum to `path.sha256`."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        np.savez(handle, **arrays)
    Path(f"{target}.sha256").write_text(sha256_of(target) + "\n", encoding="utf-8")
    return target


def load_arrays(path: str | Path) -> dict[str, np.ndarray]:
    """Load arrays saved by save_arrays after checking the checksum; never unpickles."""
    target = Path(path)
    expected = Path(f"{target}.sha256").read_text(encoding="utf-8").strip()
    if sha256_of(target) != expected:
        raise ChecksumMismatch(f"{target} does not match its recorded SHA-256 checksum")
    with np.load(target, allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


def load_torch_state_dict(path: str | Path):
    """Load a PyTorch state dict with weights_only=True, which refuses pickled code."""
    import torch

    return torch.load(path, map_location="cpu", weights_only=True)
