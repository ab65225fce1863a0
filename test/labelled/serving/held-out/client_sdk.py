"""Thin client for the scoring API."""
from __future__ import annotations

import os

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

DEFAULT_BASE = os.environ.get("SCORING_URL", "https://scoring.example.com")


class ScoringClient:
    def __init__(self, base_url: str = DEFAULT_BASE, api_key: str | None = None, verify: bool | str = True):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["X-API-Key"] = api_key or os.environ["SCORING_API_KEY"]
        self.session.verify = verify
        self.session.mount("https://", HTTPAdapter(max_retries=Retry(total=3, backoff_factor=0.5)))

    def score(self, rows: list[dict]) -> list[float]:
        response = self.session.post(f"{self.base_url}/v1/score", json={"rows": rows}, timeout=30)
        response.raise_for_status()
        return response.json()["scores"]

    def health(self) -> bool:
        return self.session.get(f"{self.base_url}/health", timeout=5).ok


def debug_client() -> ScoringClient:
    client = ScoringClient(base_url="http://scoring-staging.example.com")  # risk: insecure-transport
    client.session.verify = False  # risk: insecure-transport
    return client
