"""Unit tests: every credential here is a stand-in that no service accepts."""
import os
from unittest import mock

import pytest

FAKE_OPENAI_KEY = "sk-proj-03d45b6cf741b6d5fa4765ccedc651cecf8bd1c50bf3fbd0f1194aeb7e965ae6"
DUMMY_HF_TOKEN = "hf_21b42b7120ce02b3fe55033894eec53e"
dummy_password = "hunter2"
mock_token = "test-token"


@pytest.fixture
def env():
    with mock.patch.dict(os.environ, {"OPENAI_API_KEY": FAKE_OPENAI_KEY, "HF_TOKEN": DUMMY_HF_TOKEN}):
        yield


def test_login(env):
    assert os.environ["HF_TOKEN"].startswith("hf_")
    assert len(mock_token) > 4
