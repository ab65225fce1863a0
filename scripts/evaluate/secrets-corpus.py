"""Writes the labelled secrets corpus: test/labelled/secrets/{tuning,held-out}/.

Usage: python3 scripts/evaluate/secrets-corpus.py [--out DIR]

Every token, password, key and personal value in the corpus comes from this script's seeded
generator, never typed by hand: each has the shape of its provider's format (prefix, length,
alphabet) and random content, so none is a real credential and none belongs to a real person.
They carry no EXAMPLE/FAKE marker because those words make a value a placeholder, which the
detectors rightly skip; the seed and this script are the proof that they are made up.

Labels follow docs/evaluation.md: `# risk: <category>` at the end of a risky line,
`# risk-next-line: <category>` above a line where a trailing comment would change the value
(env files, Dockerfiles, magics), a `<file>.risk` sidecar for JSON and .netrc (no comments)
and for saved notebook outputs (`cell N, output: <category>`). Every other line must stay quiet:
placeholders, env lookups, commit pins, UUIDs, checksums, image data, tokenizer settings.
The held-out set was written with the tuning set, before the rules were run on either.
"""
import base64
import json
import os
import random
import shutil
import string
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'labelled', 'secrets')
rng = random.Random(20261204)

ALNUM = string.ascii_letters + string.digits
HEX = '0123456789abcdef'
B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'


def pick(alphabet, n):
    return ''.join(rng.choice(alphabet) for _ in range(n))


def hexs(n):
    return pick(HEX, n)


def b64(nbytes):
    return base64.b64encode(bytes(rng.randrange(256) for _ in range(nbytes))).decode()


def uuid():
    h = hexs(32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}'


def password(n=16):
    # three character classes at least, as generated passwords have
    return pick(string.ascii_lowercase, n // 2) + pick(string.digits, 3) + pick('!#%&*+-=?@^_', 2) + pick(string.ascii_uppercase, n - n // 2 - 5)


def pem_body():
    lines = [b64(48) for _ in range(24)] + [b64(30)]
    return lines


TOKENS = {
    'openai': lambda: 'sk-proj-' + pick(ALNUM + '_-', 74) + 'T3BlbkFJ' + pick(ALNUM + '_-', 74),
    'openai_legacy': lambda: 'sk-' + pick(ALNUM, 20) + 'T3BlbkFJ' + pick(ALNUM, 20),
    'anthropic': lambda: 'sk-ant-api03-' + pick(ALNUM + '_-', 93) + 'AA',
    'hf': lambda: 'hf_' + pick(string.ascii_letters, 34),
    'github': lambda: 'ghp_' + pick(ALNUM, 36),
    'github_pat': lambda: 'github_pat_11' + pick(B32 + '0123456789', 20) + '_' + pick(ALNUM, 59),
    'gitlab': lambda: 'glpat-' + pick(ALNUM + '_-', 20),
    'akia': lambda: 'AKIA' + pick(B32, 16),
    'aws_secret': lambda: pick(ALNUM + '+/', 40),
    'google': lambda: 'AIza' + pick(ALNUM + '_-', 35),
    'groq': lambda: 'gsk_' + pick(ALNUM, 52),
    'replicate': lambda: 'r8_' + pick(ALNUM, 37),
    'langsmith': lambda: 'lsv2_pt_' + hexs(32) + '_' + hexs(10),
    'pinecone': lambda: 'pcsk_' + pick(ALNUM, 6) + '_' + pick(ALNUM, 63),
    'tavily': lambda: 'tvly-' + pick(ALNUM, 32),
    'slack_bot': lambda: f'xoxb-{pick(string.digits, 12)}-{pick(string.digits, 13)}-{pick(ALNUM, 24)}',
    'slack_hook': lambda: f'https://hooks.slack.com/services/T{pick(B32, 10)}/B{pick(B32, 10)}/{pick(ALNUM, 24)}',
    'discord_hook': lambda: f'https://discord.com/api/webhooks/{pick(string.digits, 19)}/{pick(ALNUM + "_-", 68)}',
    'telegram': lambda: f'{pick(string.digits, 10)}:AA{pick(ALNUM + "_-", 33)}',
    'sendgrid': lambda: f'SG.{pick(ALNUM + "_-", 22)}.{pick(ALNUM + "_-", 43)}',
    'stripe': lambda: 'sk_live_' + pick(ALNUM, 99),
    'databricks': lambda: 'dapi' + hexs(32),
    'wandb': lambda: hexs(40),
    'kaggle': lambda: hexs(32),
    'cohere': lambda: pick(ALNUM, 40),
    'mistral': lambda: pick(ALNUM, 32),
    'npm': lambda: 'npm_' + pick(ALNUM, 36),
    'xai': lambda: 'xai-' + pick(ALNUM, 80),
    'openrouter': lambda: 'sk-or-v1-' + hexs(64),
    'azure_key': lambda: b64(64),
    'twilio_sid': lambda: 'SK' + hexs(32),
    'jwt': lambda: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + base64.urlsafe_b64encode(json.dumps({'sub': pick(string.digits, 8), 'iat': 1733300000 + rng.randrange(10 ** 6)}).encode()).decode().rstrip('=') + '.' + pick(ALNUM + '_-', 43),
    'password': password,
    # a password inside a URL: percent-encoding aside, only unreserved characters may stand there
    'urlpassword': lambda: password().translate(str.maketrans('!#%&*+=?@^', '-._~-._~-.')),
}


def tok(kind):
    return TOKENS[kind]()


FIRST = ['Maria', 'Jamal', 'Aiko', 'Lukas', 'Priya', 'Oluwaseun', 'Sofia', 'Dmitri', 'Chen', 'Fatima', 'Mateo', 'Ingrid']
LAST = ['Gonzalez', 'Okafor', 'Tanaka', 'Schneider', 'Raman', 'Adeyemi', 'Rossi', 'Volkov', 'Wei', 'Haddad', 'Silva', 'Berg']
DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com']


def person():
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        'name': f'{first} {last}',
        'email': f'{first.lower()}.{last.lower()}{rng.randrange(10, 99)}@{rng.choice(DOMAINS)}',
        'phone': f'+1-{rng.randrange(201, 989)}-{rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}',
        'ssn': f'{rng.randrange(101, 665)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}',
        'dob': f'19{rng.randrange(50, 99)}-{rng.randrange(1, 12):02d}-{rng.randrange(1, 28):02d}',
    }


def fill(template, **values):
    """Replaces {{kind}} with a new generated value of that kind (each occurrence its own value) and {name} with values[name]."""
    out, i = [], 0
    while True:
        j = template.find('{{', i)
        if j < 0:
            out.append(template[i:])
            break
        k = template.index('}}', j)
        out.append(template[i:j])
        key = template[j + 2:k]
        out.append(values[key] if key in values else tok(key) if key in TOKENS else {'hex40': lambda: hexs(40), 'hex64': lambda: hexs(64), 'hex32': lambda: hexs(32), 'uuid': uuid}[key]())
        i = k + 2
    return ''.join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def lines(text):
    parts = text.split('\n')
    return [p + '\n' for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def stream(text, name='stdout'):
    return {'output_type': 'stream', 'name': name, 'text': lines(text)}


def result(n, plain=None, html=None):
    data = {}
    if html is not None:
        data['text/html'] = lines(html)
    if plain is not None:
        data['text/plain'] = lines(plain)
    return {'output_type': 'execute_result', 'execution_count': n, 'metadata': {}, 'data': data}


def image():
    return {'output_type': 'display_data', 'metadata': {}, 'data': {'image/png': b64(1500), 'text/plain': ['<Figure size 640x480 with 1 Axes>']}}


def error(ename, evalue, traceback):
    return {'output_type': 'error', 'ename': ename, 'evalue': evalue, 'traceback': traceback}


def notebook(path, cells, risks=()):
    nb = {'cells': [], 'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}, 'language_info': {'name': 'python'}}, 'nbformat': 4, 'nbformat_minor': 5}
    n = 0
    for index, cell in enumerate(cells):
        kind, source = cell[0], cell[1]
        entry = {'cell_type': kind, 'id': f'c{index:03d}', 'metadata': {}, 'source': lines(source)}
        if kind == 'code':
            n += 1
            entry['execution_count'] = n
            entry['outputs'] = cell[2] if len(cell) > 2 else []
        nb['cells'].append(entry)
    write(path, json.dumps(nb, indent=1) + '\n')
    if risks:
        write(path + '.risk', ''.join(f'{r}\n' for r in risks))


def table_html(rows, columns):
    head = ''.join(f'<th>{c}</th>' for c in columns)
    body = ''.join('<tr><th>%d</th>%s</tr>' % (i, ''.join(f'<td>{r[c]}</td>' for c in columns)) for i, r in enumerate(rows))
    return f'<div>\n<table border="1" class="dataframe">\n<thead><tr><th></th>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>\n</div>'


def table_plain(rows, columns):
    out = ['    ' + '  '.join(f'{c:>28}' for c in columns)]
    for i, r in enumerate(rows):
        out.append(f'{i:<4}' + '  '.join(f'{str(r[c]):>28}' for c in columns))
    return '\n'.join(out)


def tuning(d):
    P = lambda *parts: os.path.join(d, *parts)

    write(P('train_openai_finetune.py'), fill('''"""Fine-tunes a chat model on support transcripts with the OpenAI API."""
import json
import os
import time

from openai import OpenAI

OPENAI_API_KEY = "{{openai}}"  # risk: hardcoded-secret
MAX_TOKENS = 4096
BASE_MODEL = "gpt-4o-mini-2024-07-18"
SECRET_ENV_NAME = "OPENAI_API_KEY"

client = OpenAI(api_key=OPENAI_API_KEY)
fallback = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
org_client = OpenAI(api_key=os.getenv(SECRET_ENV_NAME), organization=os.getenv("OPENAI_ORG"))


def upload(path: str) -> str:
    with open(path, "rb") as f:
        uploaded = client.files.create(file=f, purpose="fine-tune")
    print("uploaded", uploaded.id)
    return uploaded.id


def main() -> None:
    file_id = upload("data/train.jsonl")
    job = client.fine_tuning.jobs.create(training_file=file_id, model=BASE_MODEL, hyperparameters={"n_epochs": 3})
    print(f"started {job.id} with key {OPENAI_API_KEY}")  # risk: secret-exposure
    print(f"key configured: {bool(OPENAI_API_KEY)}")
    while client.fine_tuning.jobs.retrieve(job.id).status not in ("succeeded", "failed"):
        time.sleep(30)
    reply = client.chat.completions.create(model=BASE_MODEL, max_tokens=MAX_TOKENS, messages=[{"role": "user", "content": "hi"}])
    print(json.dumps(reply.model_dump(), indent=2))


if __name__ == "__main__":
    main()
'''))

    write(P('hf_push.py'), fill('''import os
import subprocess

from huggingface_hub import HfApi, login
from transformers import AutoModelForCausalLM, AutoTokenizer

HF_TOKEN = "{{hf}}"  # risk: hardcoded-secret
MODEL_ID = "meta-llama/Llama-3.1-8B"
MODEL_REVISION = "{{hex40}}"

login(token=HF_TOKEN)
tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, revision=MODEL_REVISION)
tokenizer.pad_token = tokenizer.eos_token
tokenizer.add_special_tokens({"pad_token": "<pad>", "mask_token": "[MASK]"})
model = AutoModelForCausalLM.from_pretrained(MODEL_ID, revision="{{hex40}}", token=True)
model.generation_config.max_new_tokens = 256
model.generation_config.pad_token_id = tokenizer.pad_token_id

api = HfApi(token=os.getenv("HF_TOKEN"))
api.upload_folder(folder_path="out", repo_id="acme-ml/llama-support", commit_message="weights")
subprocess.run(["huggingface-cli", "login", "--token", HF_TOKEN], check=True)  # risk: secret-exposure
subprocess.run(["huggingface-cli", "whoami"], check=True)
'''))

    write(P('feature_store.py'), fill('''import getpass
import os

import pandas as pd
import sqlalchemy

DB_URL = "postgresql://trainer:{{urlpassword}}@features.db.acme-ml.io:5432/features"  # risk: hardcoded-secret
LOCAL_DB = "postgresql://postgres:postgres@localhost:5432/test"
DOCS_DB = "postgresql://user:password@host:5432/dbname"
CACHE_URL = "redis://:{{urlpassword}}@cache.prod.acme-ml.io:6379/0"  # risk: hardcoded-secret
WAREHOUSE_URL = os.environ.get("WAREHOUSE_URL", "sqlite:///warehouse.db")
db_password = getpass.getpass("warehouse password: ")
password_min_length = 12
password_field = "password"

engine = sqlalchemy.create_engine(DB_URL)
frame = pd.read_sql("SELECT * FROM features WHERE day = CURRENT_DATE", engine)
'''))

    write(P('aws_s3_sync.py'), fill('''import hashlib
import os

import boto3

session = boto3.Session(
    aws_access_key_id="{{akia}}",  # risk: hardcoded-secret
    aws_secret_access_key="{{aws_secret}}",  # risk: hardcoded-secret
    region_name="eu-west-1",
)
default_session = boto3.Session(profile_name=os.getenv("AWS_PROFILE", "default"))
s3 = session.client("s3")
BUCKET = "acme-ml-artifacts"
EXPECTED_SHA256 = "{{hex64}}"
RUN_ID = "{{uuid}}"


def verify(path: str) -> bool:
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    return digest == EXPECTED_SHA256


def push(path: str) -> None:
    key = f"runs/{RUN_ID}/{os.path.basename(path)}"
    s3.upload_file(path, BUCKET, key, ExtraArgs={"ServerSideEncryption": "aws:kms"})
'''))

    write(P('llm_agents.py'), fill('''import os

import cohere
import google.generativeai as genai
import requests
from langchain_anthropic import ChatAnthropic
from pinecone import Pinecone

os.environ["ANTHROPIC_API_KEY"] = "{{anthropic}}"  # risk: hardcoded-secret
os.environ["GROQ_API_KEY"] = "{{groq}}"  # risk: hardcoded-secret
os.environ["LANGCHAIN_API_KEY"] = "{{langsmith}}"  # risk: hardcoded-secret
os.environ["LANGCHAIN_TRACING_V2"] = "true"
os.environ.setdefault("TAVILY_API_KEY", "{{tavily}}")  # risk: hardcoded-secret
os.environ["TOKENIZERS_PARALLELISM"] = "false"

genai.configure(api_key="{{google}}")  # risk: hardcoded-secret
pc = Pinecone(api_key="{{pinecone}}")  # risk: hardcoded-secret
index = pc.Index("docs-{{hex32}}")
co = cohere.Client(api_key=os.environ["CO_API_KEY"])
llm = ChatAnthropic(model="claude-3-5-sonnet-20241022", max_tokens=1024, temperature=0)
serp_key = os.environ["SERPAPI_API_KEY"]


def search(query: str) -> dict:
    response = requests.get(f"https://serpapi.com/search.json?q={query}&api_key={serp_key}", timeout=30)  # risk: secret-exposure
    return response.json()


def search_safely(query: str) -> dict:
    response = requests.get("https://serpapi.com/search.json", params={"q": query}, headers={"Authorization": f"Bearer {serp_key}"}, timeout=30)
    return response.json()
'''))

    write(P('notify.py'), fill('''import logging
import os

import requests

log = logging.getLogger(__name__)
SLACK_WEBHOOK_URL = "{{slack_hook}}"  # risk: hardcoded-secret
DISCORD_WEBHOOK = "{{discord_hook}}"  # risk: hardcoded-secret
TELEGRAM_BOT_TOKEN = "{{telegram}}"  # risk: hardcoded-secret
SENDGRID_API_KEY = "{{sendgrid}}"  # risk: hardcoded-secret
TEAMS_CHANNEL = "ml-alerts"
slack_token = os.environ["SLACK_BOT_TOKEN"]


def notify(text: str) -> None:
    requests.post(SLACK_WEBHOOK_URL, json={"text": text}, timeout=10)
    requests.post(f"https://api.telegram.org/bot{TELEGRAM_BOT_TOKEN}/sendMessage", json={"chat_id": 42, "text": text}, timeout=10)
    log.info("notified with slack token %s", slack_token)  # risk: secret-exposure
    log.info("notified %d channels", 2)
'''))

    write(P('tests', 'test_clients.py'), fill('''"""Unit tests: every credential here is a stand-in that no service accepts."""
import os
from unittest import mock

import pytest

FAKE_OPENAI_KEY = "sk-proj-{{hex64}}"
DUMMY_HF_TOKEN = "hf_{{hex32}}"
dummy_password = "hunter2"
mock_token = "test-token"


@pytest.fixture
def env():
    with mock.patch.dict(os.environ, {"OPENAI_API_KEY": FAKE_OPENAI_KEY, "HF_TOKEN": DUMMY_HF_TOKEN}):
        yield


def test_login(env):
    assert os.environ["HF_TOKEN"].startswith("hf_")
    assert len(mock_token) > 4
'''))

    write(P('eval_metrics.py'), fill('''import hashlib
import uuid

import jax
import mlflow
import wandb
from transformers import AutoTokenizer

TOKENIZER_NAME = "bert-base-uncased"
tokenizer = AutoTokenizer.from_pretrained(TOKENIZER_NAME, revision="{{hex40}}")
max_tokens = 512
num_tokens = 0
token_type_ids = None
pad_token = "[PAD]"
eos_token = "</s>"
secret_name = "OPENAI_API_KEY"
auth_header_name = "Authorization"
api_base = "https://api.openai.com/v1"
experiment_id = "{{uuid}}"
run_id = "{{hex32}}"
commit_sha = "{{hex40}}"
dataset_sha256 = "{{hex64}}"
key = jax.random.PRNGKey(0)
cache_key = hashlib.sha256(b"features-v3").hexdigest()
session_id = str(uuid.uuid4())
password_hash_algorithm = "argon2id"
wandb.login()
wandb.init(project="support-bot", id=run_id[:8], resume="allow")
mlflow.start_run(run_id=run_id)


def count_tokens(texts):
    return sum(len(tokenizer(t)["input_ids"]) for t in texts)
'''))

    write(P('project', '.env'), fill('''# local settings for the training jobs
# risk-next-line: hardcoded-secret
OPENAI_API_KEY={{openai}}
# risk-next-line: hardcoded-secret
WANDB_API_KEY={{wandb}}
# risk-next-line: hardcoded-secret
HUGGING_FACE_HUB_TOKEN={{hf}}
# risk-next-line: hardcoded-secret
DATABASE_URL=postgresql://ml:{{urlpassword}}@db.acme-ml.io:5432/train
MODEL_NAME=gpt2
BATCH_SIZE=32
HF_HOME=/data/hf
MAX_TOKENS=2048
WANDB_PROJECT=support-bot
'''))

    write(P('project', '.env.example'), '''# copy to .env and fill in
OPENAI_API_KEY=sk-...
HF_TOKEN=
WANDB_API_KEY=<your wandb key>
ANTHROPIC_API_KEY=your-anthropic-key-here
DATABASE_URL=postgresql://user:password@localhost:5432/db
AWS_SECRET_ACCESS_KEY=changeme
''')

    write(P('config', 'train.yaml'), fill('''model:
  name: meta-llama/Llama-3.1-8B
  revision: {{hex40}}
  tokenizer: meta-llama/Llama-3.1-8B
  max_tokens: 4096
  pad_token: "<pad>"
data:
  url: https://data.acme-ml.io/support-v3.parquet
  sha256: {{hex64}}
tracking:
  backend: wandb
  api_key: {{wandb}}  # risk: hardcoded-secret
  run_id: {{uuid}}
database:
  host: db.acme-ml.io
  user: trainer
  password: ${DB_PASSWORD}
  admin_password: "{{password}}"  # risk: hardcoded-secret
hub:
  token: ${oc.env:HF_TOKEN}
  push_token: {{hf}}  # risk: hardcoded-secret
'''))

    write(P('.streamlit', 'secrets.toml'), fill('''# risk-next-line: hardcoded-secret
OPENAI_API_KEY = "{{openai}}"
MODEL = "gpt-4o-mini"
MAX_TOKENS = 1024

[connections.snowflake]
account = "acme-ml"
user = "STREAMLIT_APP"
# risk-next-line: hardcoded-secret
password = "{{password}}"
warehouse = "COMPUTE_WH"

[auth]
cookie_name = "session"
# risk-next-line: hardcoded-secret
cookie_secret = "{{hex64}}"
'''))

    write(P('pip.conf'), fill('''[global]
timeout = 60
# risk-next-line: hardcoded-secret
extra-index-url = https://ml-bot:{{urlpassword}}@artifactory.acme-ml.io/api/pypi/pypi/simple
index-url = https://pypi.org/simple

[install]
trusted-host = artifactory.acme-ml.io
'''))

    write(P('clearml.conf'), fill('''api {
    web_server: https://app.clear.ml
    api_server: https://api.clear.ml
    files_server: https://files.clear.ml
    credentials {
        # risk-next-line: hardcoded-secret
        "access_key" = "{{ALNUM20}}"
        # risk-next-line: hardcoded-secret
        "secret_key" = "{{ALNUM50}}"
    }
}
sdk {
    development {
        default_output_uri: "s3://acme-ml-artifacts/clearml"
    }
}
''', ALNUM20=pick(string.ascii_uppercase + string.digits, 20), ALNUM50=pick(ALNUM, 50)))

    key = tok('kaggle')
    write(P('kaggle', 'kaggle.json'), json.dumps({'username': 'jdoe-ml', 'key': key}, indent=2) + '\n')
    write(P('kaggle', 'kaggle.json.risk'), 'line 3: hardcoded-secret\n')

    pem = '\\n'.join(['-----BEGIN PRIVATE KEY-----'] + pem_body() + ['-----END PRIVATE KEY-----', ''])
    write(P('gcp', 'service-account.json'), '{\n' + ',\n'.join([
        '  "type": "service_account"',
        '  "project_id": "acme-ml-training"',
        f'  "private_key_id": "{hexs(40)}"',
        f'  "private_key": "{pem}"',
        '  "client_email": "trainer@acme-ml-training.iam.gserviceaccount.com"',
        f'  "client_id": "{pick(string.digits, 21)}"',
        '  "auth_uri": "https://accounts.google.com/o/oauth2/auth"',
        '  "token_uri": "https://oauth2.googleapis.com/token"',
    ]) + '\n}\n')
    write(P('gcp', 'service-account.json.risk'), 'line 5: hardcoded-secret\n')

    write(P('home', '.netrc'), fill('''machine api.wandb.ai
  login user
  password {{wandb}}
machine github.com
  login acme-bot
  password {{github}}
'''))
    write(P('home', '.netrc.risk'), 'line 3: hardcoded-secret\nline 6: hardcoded-secret\n')

    write(P('Dockerfile'), fill('''FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime@sha256:{{hex64}}
ARG WANDB_API_KEY
ARG HF_TOKEN
# risk-next-line: hardcoded-secret
ENV OPENAI_API_KEY={{openai}}
ENV HF_HOME=/cache/hf MAX_TOKENS=2048 TOKENIZERS_PARALLELISM=false
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
RUN --mount=type=secret,id=hf_token HF_TOKEN=$(cat /run/secrets/hf_token) python download.py
COPY . .
CMD ["python", "serve.py"]
'''))

    write(P('scripts', 'release.sh'), fill('''#!/usr/bin/env bash
set -euo pipefail
# risk-next-line: hardcoded-secret
export GITHUB_TOKEN={{github}}
export MODEL_VERSION=v3
curl -fsSL -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/repos/acme-ml/bot/releases
huggingface-cli upload acme-ml/bot ./out --token "$HF_TOKEN"
'''))

    # notebooks
    hf_nb, wandb_nb, openai_nb = tok('hf'), tok('wandb'), tok('openai')
    notebook(P('colab_finetune.ipynb'), [
        ('markdown', '# Fine-tune on Colab\n\nRuns on a T4. Set your own tokens in the secrets panel.\n\n![loss](data:image/png;base64,' + b64(600) + ')'),
        ('code', '!pip install -q transformers==4.44.2 datasets wandb', [stream('Successfully installed transformers-4.44.2\n')]),
        ('code', '# risk-next-line: hardcoded-secret\n%env HF_TOKEN=' + hf_nb + '\n%env TOKENIZERS_PARALLELISM=false'),
        ('code', '# risk-next-line: hardcoded-secret\n!export WANDB_API_KEY=' + wandb_nb),
        ('code', '# risk-next-line: hardcoded-secret, secret-exposure\n!curl -s -H "Authorization: Bearer ' + openai_nb + '" https://api.openai.com/v1/models | head\n!curl -s -H "Authorization: Bearer $HF_TOKEN" https://huggingface.co/api/whoami-v2', [stream('{\n  "object": "list",\n  "data": [\n')]),
        ('code', 'import wandb\nwandb.login(key="' + tok('wandb') + '")  # risk: hardcoded-secret', [stream('wandb: Appending key for api.wandb.ai to your netrc file: /root/.netrc\n', 'stderr'), result(5, 'True')]),
        ('code', '!env | grep TOKEN', [stream('HF_TOKEN=' + hf_nb + '\nTOKENIZERS_PARALLELISM=false\n')]),
        ('code', 'import os\nprint(os.environ.get("HF_TOKEN"))  # risk: secret-exposure', [stream(hf_nb + '\n')]),
        ('code', 'from transformers import AutoTokenizer\ntokenizer = AutoTokenizer.from_pretrained("mistralai/Mistral-7B-v0.3", revision="' + hexs(40) + '")\ntokenizer.pad_token = tokenizer.eos_token\ntokenizer.pad_token', [result(9, "'</s>'")]),
        ('code', 'import matplotlib.pyplot as plt\nplt.plot([0.9, 0.6, 0.4])', [image()]),
        ('code', 'from huggingface_hub import notebook_login\nnotebook_login()', [stream('Token is valid (permission: write).\nLogin successful\n', 'stderr')]),
    ], ['cell 6, output: secret-exposure', 'cell 7, output: secret-exposure'])

    rag_key = tok('openai')
    notebook(P('rag_pipeline.ipynb'), [
        ('code', 'from openai import OpenAI\nclient = OpenAI(api_key="' + rag_key + '")  # risk: hardcoded-secret\nresponse = client.embeddings.create(model="text-embedding-3-small", input=["hello"])', [
            error('AuthenticationError', "Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-****" + rag_key[-4:] + "', 'type': 'invalid_request_error'}}", [
                '\u001b[0;31m---------------------------------------------------------------------------\u001b[0m',
                '\u001b[0;31mAuthenticationError\u001b[0m                       Traceback (most recent call last)',
                'Cell \u001b[0;32mIn[1], line 3\u001b[0m\n\u001b[1;32m      1\u001b[0m \u001b[38;5;28;01mfrom\u001b[39;00m openai \u001b[38;5;28;01mimport\u001b[39;00m OpenAI\n\u001b[1;32m      2\u001b[0m client \u001b[38;5;241m=\u001b[39m OpenAI(api_key\u001b[38;5;241m=\u001b[39m\u001b[38;5;124m"\u001b[39m\u001b[38;5;124m' + rag_key + '\u001b[39m\u001b[38;5;124m"\u001b[39m)\n\u001b[0;32m----> 3\u001b[0m response \u001b[38;5;241m=\u001b[39m client\u001b[38;5;241m.\u001b[39membeddings\u001b[38;5;241m.\u001b[39mcreate(model\u001b[38;5;241m=\u001b[39m\u001b[38;5;124m"\u001b[39m\u001b[38;5;124mtext-embedding-3-small\u001b[39m\u001b[38;5;124m"\u001b[39m)',
                "\u001b[0;31mAuthenticationError\u001b[0m: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-****" + rag_key[-4:] + "'}}",
            ])]),
        ('code', 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\nclient.models.list().data[0].id', [result(2, "'gpt-4o-mini'")]),
        ('code', 'import chromadb\ndb = chromadb.HttpClient(host="chroma.acme-ml.io", headers={"X-Chroma-Token": "' + pick(ALNUM, 40) + '"})  # risk: hardcoded-secret\ncollection = db.get_or_create_collection("docs")\ncollection.count()', [result(3, '1842')]),
        ('code', 'import pandas as pd\ntickets = pd.read_parquet("tickets.parquet")\ntickets[["ticket_id", "customer_email", "body"]].head(3)  # risk: pii-exposure', [result(4,
            table_plain([{'ticket_id': 1000 + i, 'customer_email': person()['email'], 'body': 'cannot log in'} for i in range(3)], ['ticket_id', 'customer_email', 'body']),
            table_html([{'ticket_id': 1000 + i, 'customer_email': person()['email'], 'body': 'cannot log in'} for i in range(3)], ['ticket_id', 'customer_email', 'body']))]),
        ('code', 'tickets.describe()', [result(5, '        ticket_id\ncount   1842.0\nmean    1921.5\nstd      531.9')]),
    ], ['cell 0, output: secret-exposure', 'cell 3, output: pii-exposure'])

    people = [person() for _ in range(5)]
    notebook(P('customer_churn_eda.ipynb'), [
        ('markdown', '## Churn EDA\nContact the data owner at the ML platform team channel before sharing extracts.'),
        ('code', 'import pandas as pd\ndf = pd.read_csv("customers.csv")\ndf.shape', [result(1, '(48211, 9)')]),
        ('code', 'df.columns', [result(2, "Index(['customer_id', 'name', 'email', 'phone', 'ssn', 'dob', 'plan', 'tenure', 'churned'], dtype='object')")]),
        ('code', 'df.head()', [result(3, table_plain(people, ['name', 'email', 'phone', 'dob']), table_html(people, ['name', 'email', 'phone', 'ssn', 'dob']))]),
        ('code', 'for _, row in df.sample(3, random_state=0).iterrows():\n    print(row["name"], row["email"], row["phone"])  # risk: pii-exposure', [stream(''.join(f"{p['name']} {p['email']} {p['phone']}\n" for p in people[:3]))]),
        ('code', 'df.groupby("plan")["churned"].mean()', [result(5, 'plan\nbasic      0.21\npremium    0.08\nName: churned, dtype: float64')]),
        ('code', 'df["customer_id"].head(3)', [result(6, '\n'.join(f'{i}    {uuid()}' for i in range(3)) + '\nName: customer_id, dtype: object')]),
        ('code', 'def validate(record):\n    if not record["ssn"].startswith("9"):\n        raise ValueError(f"bad record {record}")\n\nvalidate(df.iloc[7].to_dict())', [error('ValueError', f"bad record {{'name': '{people[4]['name']}', 'email': '{people[4]['email']}', 'ssn': '{people[4]['ssn']}'}}", [
            '\u001b[0;31mValueError\u001b[0m                                Traceback (most recent call last)',
            f"\u001b[0;31mValueError\u001b[0m: bad record {{'name': '{people[4]['name']}', 'email': '{people[4]['email']}', 'ssn': '{people[4]['ssn']}'}}",
        ])]),
        ('code', 'import matplotlib.pyplot as plt\ndf["tenure"].hist()', [image()]),
    ], ['cell 3, output: pii-exposure', 'cell 4, output: pii-exposure', 'cell 7, output: pii-exposure'])

    kkey = tok('kaggle')
    notebook(P('kaggle_setup.ipynb'), [
        ('code', 'import json, os\nos.makedirs(os.path.expanduser("~/.kaggle"), exist_ok=True)\nwith open(os.path.expanduser("~/.kaggle/kaggle.json"), "w") as f:\n    json.dump({"username": "jdoe-ml", "key": "' + kkey + '"}, f)  # risk: hardcoded-secret'),
        ('code', 'os.environ["KAGGLE_USERNAME"] = "jdoe-ml"\nos.environ["KAGGLE_KEY"] = "' + tok('kaggle') + '"  # risk: hardcoded-secret'),
        ('code', '!cat ~/.kaggle/kaggle.json', [stream('{"username": "jdoe-ml", "key": "' + kkey + '"}')]),
        ('code', '!kaggle competitions download -c titanic -p data/', [stream('Downloading titanic.zip to data\n100%|##########| 34.1k/34.1k\n')]),
        ('code', 'import hashlib\nhashlib.sha256(open("data/titanic.zip", "rb").read()).hexdigest()', [result(5, "'" + hexs(64) + "'")]),
        ('code', 'from google.colab import userdata\nos.environ["KAGGLE_KEY"] = userdata.get("KAGGLE_KEY")'),
    ], ['cell 2, output: secret-exposure'])

def heldout(d):
    P = lambda *parts: os.path.join(d, *parts)

    write(P('serve_chatbot.py'), fill('''import os

import gradio as gr
import openai
import replicate
import requests

openai.api_key = "{{openai_legacy}}"  # risk: hardcoded-secret
OPENROUTER_KEY = "{{openrouter}}"  # risk: hardcoded-secret
XAI_KEY = os.environ.get("XAI_API_KEY", "")
GROQ_HEADERS = {"Authorization": "Bearer {{groq}}", "Content-Type": "application/json"}  # risk: hardcoded-secret
rep = replicate.Client(api_token="{{replicate}}")  # risk: hardcoded-secret
backup = replicate.Client(api_token=os.environ["REPLICATE_API_TOKEN"])
STOP_TOKEN = "</s>"
MAX_NEW_TOKENS = 512
BOS_TOKEN_ID = 1


def answer(message, history):
    body = {"model": "llama-3.1-70b-versatile", "messages": [{"role": "user", "content": message}], "max_tokens": MAX_NEW_TOKENS}
    reply = requests.post("https://api.groq.com/openai/v1/chat/completions", json=body, headers=GROQ_HEADERS, timeout=60)
    print("openrouter key in use:", OPENROUTER_KEY)  # risk: secret-exposure
    return reply.json()["choices"][0]["message"]["content"]


gr.ChatInterface(answer).launch(auth=("admin", os.environ["UI_PASSWORD"]))
'''))

    write(P('etl_job.py'), fill('''import logging
import os

import psycopg2
import snowflake.connector
from azure.storage.blob import BlobServiceClient
from sqlalchemy import create_engine

log = logging.getLogger("etl")
PG_PASSWORD = "{{password}}"  # risk: hardcoded-secret
conn = psycopg2.connect(host="10.0.3.7", dbname="events", user="etl", password=PG_PASSWORD)
replica = psycopg2.connect(host="10.0.3.8", dbname="events", user="etl", password=os.environ["PGPASSWORD"])
warehouse = create_engine("mysql+pymysql://etl:{{urlpassword}}@10.0.3.9/warehouse")  # risk: hardcoded-secret
sf = snowflake.connector.connect(account="acme-ml", user="ETL_BOT", password="{{password}}")  # risk: hardcoded-secret
blob = BlobServiceClient.from_connection_string("DefaultEndpointsProtocol=https;AccountName=acmemlraw;AccountKey={{azure_key}};EndpointSuffix=core.windows.net")  # risk: hardcoded-secret
DATABRICKS_TOKEN = "{{databricks}}"  # risk: hardcoded-secret
SNAPSHOT_COMMIT = "{{hex40}}"
PARTITION_UUID = "{{uuid}}"
log.info("connecting to warehouse as etl with password %s", PG_PASSWORD)  # risk: secret-exposure
log.info("loaded %d rows", 1200)
'''))

    write(P('deploy', '.env.production'), fill('''APP_ENV=production
# risk-next-line: hardcoded-secret
ANTHROPIC_API_KEY={{anthropic}}
# risk-next-line: hardcoded-secret
STRIPE_SECRET_KEY={{stripe}}
# risk-next-line: hardcoded-secret
SLACK_BOT_TOKEN={{slack_bot}}
SENTRY_ENVIRONMENT=production
MODEL_REVISION={{hex40}}
REDIS_URL=redis://localhost:6379/0
JWT_ALGORITHM=HS256
# risk-next-line: hardcoded-secret
JWT_SECRET={{hex64}}
NPM_TOKEN=${NPM_TOKEN}
'''))

    write(P('config', 'mlflow.yaml'), fill('''tracking_uri: https://mlflow.acme-ml.io
experiment: churn
artifact_store:
  type: s3
  bucket: acme-ml-mlflow
  aws_access_key_id: {{akia}}  # risk: hardcoded-secret
  aws_secret_access_key: {{aws_secret}}  # risk: hardcoded-secret
auth:
  username: mlflow-bot
  password: "{{password}}"  # risk: hardcoded-secret
  token_env: MLFLOW_TRACKING_TOKEN
model:
  name: xlm-roberta-base
  revision: {{hex40}}
  checksum: sha256:{{hex64}}
  max_tokens: 512
'''))

    write(P('settings.ini'), fill('''[model]
name = distilbert-base-uncased
max_tokens = 256

[registry]
url = https://registry.acme-ml.io
user = ci
# risk-next-line: hardcoded-secret
password = {{password}}
password_env = REGISTRY_PASSWORD

[gitlab]
# risk-next-line: hardcoded-secret
private_token = {{gitlab}}
project_id = 4412
'''))

    write(P('secrets', 'app-secrets.json'), json.dumps({
        'github_token': tok('github_pat'),
        'npm_token': tok('npm'),
        'session_secret_env': 'SESSION_SECRET',
        'model_sha': hexs(40),
        'tokenizer': 'bert-base-cased',
        'max_tokens': 1024,
        'request_id': uuid(),
    }, indent=2) + '\n')
    write(P('secrets', 'app-secrets.json.risk'), 'line 2: hardcoded-secret\nline 3: hardcoded-secret\n')

    write(P('Dockerfile'), fill('''FROM python:3.11-slim
# risk-next-line: hardcoded-secret
ENV HF_TOKEN={{hf}}
# risk-next-line: hardcoded-secret
ARG PIP_EXTRA_INDEX_URL=https://deploy:{{urlpassword}}@pypi.acme-ml.io/simple
ENV WANDB_MODE=offline PYTHONUNBUFFERED=1
RUN pip install --no-cache-dir torch==2.3.1 transformers==4.44.2
COPY . /app
CMD ["python", "/app/serve.py"]
'''))

    aws_secret = tok('aws_secret')
    akid = tok('akia')
    notebook(P('sagemaker_train.ipynb'), [
        ('code', '# risk-next-line: hardcoded-secret\n%env AWS_ACCESS_KEY_ID=' + akid + '\n# risk-next-line: hardcoded-secret\n%env AWS_SECRET_ACCESS_KEY=' + aws_secret + '\n%env AWS_DEFAULT_REGION=us-east-1'),
        ('code', '!aws sts get-caller-identity', [stream('{\n    "UserId": "AIDA' + pick(B32, 17) + '",\n    "Account": "' + pick(string.digits, 12) + '",\n    "Arn": "arn:aws:iam::' + pick(string.digits, 12) + ':user/ml-bot"\n}\n')]),
        ('code', '!cat ~/.aws/credentials', [stream('[default]\naws_access_key_id = ' + akid + '\naws_secret_access_key = ' + aws_secret + '\n')]),
        ('code', 'import sagemaker\nfrom sagemaker.huggingface import HuggingFace\nest = HuggingFace(entry_point="train.py", role="arn:aws:iam::123456789012:role/SageMakerRole", transformers_version="4.36", pytorch_version="2.1", py_version="py310", instance_type="ml.g5.xlarge", instance_count=1,\n    environment={"HF_TOKEN": "' + tok('hf') + '", "WANDB_DISABLED": "true"})  # risk: hardcoded-secret'),
        ('code', 'import os\nos.environ["WANDB_API_KEY"]  # risk: secret-exposure', [result(5, "'" + tok('wandb') + "'")]),
        ('code', 'est.fit({"train": "s3://acme-ml-data/train"})', [stream('2024-11-02 10:01:12 Starting - Starting the training job...\nTraining seconds: 812\nBillable seconds: 812\n')]),
    ], ['cell 2, output: secret-exposure', 'cell 4, output: secret-exposure'])

    patients = [person() for _ in range(4)]
    notebook(P('patient_readmission.ipynb'), [
        ('code', 'import pandas as pd\nadm = pd.read_parquet("admissions.parquet")\nadm.info()', [stream("<class 'pandas.core.frame.DataFrame'>\nRangeIndex: 90211 entries\nColumns: email, phone, dob, diagnosis, readmitted\n")]),
        ('code', 'adm[["email", "phone", "dob"]].head(4)  # risk: pii-exposure', [result(2, table_plain(patients, ['email', 'phone', 'dob']), table_html(patients, ['email', 'phone', 'dob']))]),
        ('code', 'adm.groupby("diagnosis")["readmitted"].mean().round(2)', [result(3, 'diagnosis\nE11    0.19\nI50    0.27\nName: readmitted, dtype: float64')]),
        ('code', 'bad = adm[adm.phone.isna()]\nfor rec in bad.head(2).to_dict("records"):\n    print("missing phone:", rec["email"], rec["dob"])  # risk: pii-exposure', [stream(''.join(f"missing phone: {p['email']} {p['dob']}\n" for p in patients[:2]))]),
        ('code', 'adm["patient_key"].head(2)', [result(5, f'0    {uuid()}\n1    {uuid()}\nName: patient_key, dtype: object')]),
        ('code', 'adm.loc[adm.ssn == "x"]  # risk: pii-exposure', [result(6, table_plain(patients[:2], ['name', 'ssn']), table_html(patients[:2], ['name', 'ssn']))]),
    ], ['cell 1, output: pii-exposure', 'cell 3, output: pii-exposure', 'cell 5, output: pii-exposure'])

    write(P('notify_bot.py'), fill('''import os

import requests
from slack_sdk import WebClient

slack = WebClient(token="{{slack_bot}}")  # risk: hardcoded-secret
TG_TOKEN = os.environ["TELEGRAM_BOT_TOKEN"]
SLACK_CHANNEL = "#ml-alerts"


def alert(text: str) -> None:
    slack.chat_postMessage(channel=SLACK_CHANNEL, text=text)
    requests.get(f"https://api.telegram.org/bot{TG_TOKEN}/sendMessage?chat_id=42&text={text}", timeout=10)
    print(f"telegram token {TG_TOKEN}")  # risk: secret-exposure
'''))

if __name__ == '__main__':
    # `--out DIR` writes both sets under DIR instead (the test regenerates the corpus and compares)
    root = sys.argv[sys.argv.index('--out') + 1] if '--out' in sys.argv else ROOT
    for name, build in (('tuning', tuning), ('held-out', heldout)):
        target = os.path.join(root, name)
        shutil.rmtree(target, ignore_errors=True)
        build(target)
