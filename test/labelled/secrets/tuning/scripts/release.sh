#!/usr/bin/env bash
set -euo pipefail
# risk-next-line: hardcoded-secret
export GITHUB_TOKEN=ghp_e0MFTDYMYGLou98t4WkIZRy19rqcEVHLBU9s
export MODEL_VERSION=v3
curl -fsSL -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/repos/acme-ml/bot/releases
huggingface-cli upload acme-ml/bot ./out --token "$HF_TOKEN"
