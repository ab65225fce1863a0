"""Secrets and settings come from the environment (or a git-ignored `.env`), never from code.

Values are read when they are needed, so importing a module never fails, and a missing value
fails with a message that names the variable without printing any secret.
"""

from __future__ import annotations

import os
from pathlib import Path

try:  # python-dotenv is optional: without it, only the real environment is read
    from dotenv import load_dotenv
except ImportError:  # pragma: no cover
    load_dotenv = None

PROJECT_ROOT = Path(__file__).resolve().parents[2]

if load_dotenv is not None:
    load_dotenv(PROJECT_ROOT / ".env", override=False)


class MissingSetting(RuntimeError):
    """A required environment variable is not set."""


def require(name: str) -> str:
    """The value of environment variable `name`; raises MissingSetting if it is unset or empty."""
    value = os.environ.get(name, "")
    if not value:
        raise MissingSetting(
            f"{name} is not set: add it to your environment or to the git-ignored .env file "
            f"(see .env.example)"
        )
    return value


def data_dir() -> Path:
    """Where pipeline data lives (git-ignored)."""
    return Path(os.environ.get("DATA_DIR", PROJECT_ROOT / "data"))


def model_dir() -> Path:
    """Where trained models are written (git-ignored)."""
    return Path(os.environ.get("MODEL_DIR", PROJECT_ROOT / "models"))
