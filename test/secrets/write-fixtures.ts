/**
 * Writes the generated secret fixtures (run once with `npx tsx test/secrets/write-fixtures.ts`;
 * the output is committed). Tokens come from samples.ts, so every detector has a true case and
 * near misses in a real file, and no fake token is typed by hand. The `.fixed` files are the
 * engine's fixes applied to these (regenerate them after a rerun, and review the diff).
 * Nothing is written unless the file is run directly (a test runner may load it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DETECTORS } from '../../server/src/engine/secrets/providers';
import { B64, fakePrivateKey, HEX, mixed, samples } from './samples';

const root = path.resolve(__dirname, '..', 'fixtures');
const all = samples();
const write = (relative: string, text: string) => {
  if (require.main !== module) return;
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

// one true case per detector, then its near misses
const lines = ['"""Every provider detector: a true case (fake token of the right shape) and near misses."""', 'import wandb', ''];
for (const detector of DETECTORS) {
  const sample = all[detector.id];
  const variable = detector.id.toUpperCase().replace(/-/g, '_');
  lines.push(`# ${detector.provider}: ${detector.description}`);
  if (sample.token && detector.id !== 'gcp-service-account-key') {
    const literal = JSON.stringify(sample.token);
    lines.push(`${variable} = ${literal.replace(/\\\\n/g, '\\n')}  # expect: hardcoded-provider-secret`);
  }
  if (sample.keyed) {
    const { name, value, context } = sample.keyed;
    if (context === 'wandb.login') lines.push(`wandb.login(key=${JSON.stringify(value)})  # expect: hardcoded-provider-secret`);
    else if (context) lines.push(`# (${context}: see kaggle.json)`);
    else lines.push(`${/^[A-Za-z_]\w*$/.test(name) ? name : 'X'} = ${JSON.stringify(value)}  # expect: hardcoded-provider-secret`);
  }
  for (const miss of sample.misses) {
    if (typeof miss === 'string') lines.push(`near_miss = ${JSON.stringify(miss)}`);
    else if (!miss.context) lines.push(`${miss.name} = ${JSON.stringify(miss.value)}`);
  }
  lines.push('');
}
write('hardcoded-provider-secret/providers.py', lines.join('\n'));

// config files of every kind
const openai = all['openai-api-key'].token!;
const hf = all['huggingface-token'].token!;
const wandbKey = mixed(40, HEX);
const github = all['github-token'].token!;
const aws = all['aws-access-key-id'].token!;
const awsSecret = all['aws-secret-access-key'].keyed!.value;
const password = `${mixed(6)}#${mixed(5)}!`;
write(
  'hardcoded-provider-secret/config/project.env',
  [
    '# .env file (dotenv)',
    `OPENAI_API_KEY=${openai}  # expect: hardcoded-provider-secret`,
    `export HF_TOKEN="${hf}"  # expect: hardcoded-provider-secret`,
    `WANDB_API_KEY=${wandbKey}  # expect: hardcoded-provider-secret`,
    `AWS_ACCESS_KEY_ID=${aws}  # expect: hardcoded-provider-secret(warning)`,
    `AWS_SECRET_ACCESS_KEY=${awsSecret}  # expect: hardcoded-provider-secret`,
    'OPENAI_API_KEY_PLACEHOLDER=sk-...',
    'ANTHROPIC_API_KEY=',
    'HF_TOKEN=${HF_TOKEN}',
    'WANDB_API_KEY=your-wandb-key',
    `MODEL_REVISION=${mixed(40, HEX)}`,
    '',
  ].join('\n'),
);
write(
  'hardcoded-provider-secret/config/params.yaml',
  [
    '# YAML config',
    'model:',
    '  name: bert-base-uncased',
    `  revision: ${mixed(40, HEX)}`,
    'tracking:',
    `  wandb_api_key: ${wandbKey}  # expect: hardcoded-provider-secret`,
    `  github_token: "${github}"  # expect: hardcoded-provider-secret`,
    '  hf_token: ${HF_TOKEN}',
    '  api_key: YOUR_API_KEY',
    '',
  ].join('\n'),
);
write('hardcoded-provider-secret/config/settings.json', JSON.stringify({ openai: { api_key: openai }, hub: { token: '<token>' }, tokenizer: 'gpt2', max_tokens: 512 }, null, 2) + '\n');
write('hardcoded-provider-secret/config/settings.json.expect', '3: hardcoded-provider-secret\n');
const kaggleKey = all['kaggle-api-key'].keyed!.value;
write('hardcoded-provider-secret/config/kaggle.json', JSON.stringify({ username: 'analyst', key: kaggleKey }) + '\n');
write('hardcoded-provider-secret/config/kaggle.json.expect', '1: hardcoded-provider-secret\n');
write('hardcoded-provider-secret/config/train.toml', ['# TOML', '[hub]', `token = "${hf}"  # expect: hardcoded-provider-secret`, 'revision = "main"', '[openai]', 'api_key = "sk-..."', ''].join('\n'));
write(
  'hardcoded-provider-secret/config/clearml.ini',
  [
    '; INI',
    '[api]',
    `access_key = ${all['clearml-credentials'].keyed!.value.slice(0, 0)}${mixed(24, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}  # expect: hardcoded-provider-secret`,
    'web_server = https://app.clear.ml',
    '',
  ].join('\n'),
);
write('hardcoded-provider-secret/config/setup.cfg', ['[pypi]', `password = ${all['pypi-token'].token}  # expect: hardcoded-provider-secret`, 'username = __token__', ''].join('\n'));
write('hardcoded-provider-secret/config/.netrc', [`machine api.wandb.ai`, '  login user', `  password ${wandbKey}`, 'machine example.org login me password your-password', ''].join('\n'));
write('hardcoded-provider-secret/config/.netrc.expect', '3: hardcoded-provider-secret\n');
write(
  'hardcoded-provider-secret/config/Dockerfile',
  [
    'FROM python:3.12-slim',
    `ENV HF_TOKEN=${hf}  # expect: hardcoded-provider-secret`,
    'ARG OPENAI_API_KEY',
    `RUN curl -H "Authorization: token ${github}" https://api.github.com/user  # expect: hardcoded-provider-secret`,
    'ENV PYTHONUNBUFFERED=1',
    '',
  ].join('\n'),
);

// private keys
const pem = fakePrivateKey();
write(
  'hardcoded-private-key/cases.py',
  [
    '"""PEM private keys in code."""',
    'import paramiko',
    '',
    '# expect-next-line: hardcoded-private-key',
    `KEY = """${pem}"""`,
    '',
    '# negative: placeholders and public keys',
    'EXAMPLE = "-----BEGIN RSA PRIVATE KEY-----\\n...\\n-----END RSA PRIVATE KEY-----"',
    'PUBLIC = "-----BEGIN PUBLIC KEY-----"',
    'key = paramiko.RSAKey.from_private_key_file("/home/me/.ssh/id_rsa")',
    '',
  ].join('\n'),
);
const gcp = {
  type: 'service_account',
  project_id: 'ml-prod',
  private_key_id: mixed(40, HEX),
  private_key: `${fakePrivateKey('PRIVATE KEY')}\n`,
  client_email: 'trainer@ml-prod.iam.gserviceaccount.com',
};
write('hardcoded-private-key/service-account.json', JSON.stringify(gcp, null, 2) + '\n');
write('hardcoded-private-key/service-account.json.expect', '5: hardcoded-private-key\n');

/** An nbformat 4 notebook from cells (outputs as nbformat stores them). */
export function notebook(cells: { type?: 'code' | 'markdown'; source: string; outputs?: object[]; metadata?: object }[]): string {
  const split = (text: string) => text.split(/(?<=\n)/);
  return (
    JSON.stringify(
      {
        cells: cells.map((cell, index) =>
          (cell.type ?? 'code') === 'code'
            ? {
                cell_type: 'code',
                execution_count: cell.outputs?.length ? index + 1 : null,
                id: `cell-${index}`,
                metadata: cell.metadata ?? {},
                outputs: cell.outputs ?? [],
                source: split(cell.source),
              }
            : { cell_type: 'markdown', id: `cell-${index}`, metadata: {}, source: split(cell.source) },
        ),
        metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    ) + '\n'
  );
}

const stripOutputs = (cells: Parameters<typeof notebook>[0]) => cells.map((c) => ({ ...c, outputs: [] }));

// provider keys in Python code, with the "move to environment variable" fix
const anthropic = all['anthropic-api-key'].token!;
const groq = all['groq-api-key'].token!;
write(
  'hardcoded-provider-secret/cases.py',
  `"""Provider keys in ML code: clients, logins, environment assignments, headers, defaults, comments."""
import os

import huggingface_hub as hub
import wandb
from openai import OpenAI as OA

os.environ["GITHUB_TOKEN"] = "${github}"  # expect: hardcoded-provider-secret
client = OA(api_key="${openai}")  # expect: hardcoded-provider-secret
hub.login(token="${hf}")  # expect: hardcoded-provider-secret
wandb.login(key="${wandbKey}")  # expect: hardcoded-provider-secret
headers = {"Authorization": "Bearer ${hf}"}  # expect: hardcoded-provider-secret
# the old key was ${groq}  # expect: hardcoded-provider-secret
url = f"https://api.github.com/user?token=${github}"  # expect: hardcoded-provider-secret


def make_client(api_key="${anthropic}"):  # expect: hardcoded-provider-secret
    return api_key


# negative: environment lookups, placeholders, fixtures, commit pins
client = OA(api_key=os.environ["OPENAI_API_KEY"])
client = OA(api_key="sk-...")
hub.login(token="hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
wandb.login(key=os.getenv("WANDB_API_KEY"))
DUMMY_GITHUB_TOKEN = "${all['github-token'].misses[0] as string}x"
fake_openai_key = "${openai}"
model_revision = "${mixed(40, HEX)}"
`,
);
const providerCells: Parameters<typeof notebook>[0] = [
  { source: `%env OPENAI_API_KEY=${openai}  # expect: hardcoded-provider-secret` },
  { source: `!export HF_TOKEN=${hf}  # expect: hardcoded-provider-secret` },
  { source: `import os\nfrom openai import OpenAI\n\nos.environ["OPENAI_API_KEY"] = "${openai}"  # expect: hardcoded-provider-secret` },
  { source: `client = OpenAI(api_key="${all['openai-api-key'].keyed!.value}")  # expect: hardcoded-provider-secret\nclient.models.list()` },
  { type: 'markdown', source: `Remember to rotate ${groq} after the demo  # expect: hardcoded-provider-secret` },
];
write('hardcoded-provider-secret/notebook.ipynb', notebook(providerCells));

// credentials in URLs
const dbPassword = mixed(16);
write(
  'hardcoded-url-credentials/cases.py',
  `"""Connection URLs with passwords."""
import os

import sqlalchemy as sa
from pymongo import MongoClient

engine = sa.create_engine("postgresql+psycopg2://trainer:${dbPassword}@db.internal:5432/features")  # expect: hardcoded-url-credentials
DATABASE_URL = "mysql://ml:${mixed(12)}@10.0.0.5/runs"  # expect: hardcoded-url-credentials
mongo = MongoClient(f"mongodb+srv://reader:${mixed(14)}@cluster0.abcde.mongodb.net/?retryWrites=true")  # expect: hardcoded-url-credentials
# redis://:${mixed(20)}@cache.internal:6379/0  # expect: hardcoded-url-credentials
SNOWFLAKE = "snowflake://analyst:${mixed(15)}@acme-xy12345/ANALYTICS/PUBLIC"  # expect: hardcoded-url-credentials

# negative: placeholders, env lookups, local defaults, no password
engine = sa.create_engine(os.environ["DATABASE_URL"])
engine = sa.create_engine(f"postgresql://trainer:{os.environ['DB_PASSWORD']}@db/features")
engine = sa.create_engine("postgresql://postgres:postgres@localhost/test")
engine = sa.create_engine("postgresql://user:\${DB_PASSWORD}@db/features")
mongo = MongoClient("mongodb+srv://reader:<password>@cluster0.mongodb.net/")
cache = "redis://localhost:6379/0"
hub = "https://huggingface.co/bert-base-uncased"
`,
);
write(
  'hardcoded-url-credentials/config/airflow.yaml',
  [
    'connections:',
    `  features_db: postgresql://airflow:${mixed(18)}@db.internal/features  # expect: hardcoded-url-credentials`,
    '  local_db: postgresql://airflow:airflow@localhost/airflow',
    '  from_env: ${FEATURES_DB_URL}',
    '',
  ].join('\n'),
);

// generic secrets
const genericCases = `"""Passwords, tokens and keys held by secret-like names."""
import os

import psycopg2
import requests

db_password = "${password}"  # expect: hardcoded-generic-secret
conn = psycopg2.connect(host="db", user="ml", password="${mixed(7)}#${mixed(3)}")  # expect: hardcoded-generic-secret
config = {"api_token": "${mixed(32)}"}  # expect: hardcoded-generic-secret
os.environ["SERVICE_SECRET"] = "${mixed(28, B64)}"  # expect: hardcoded-generic-secret
session = requests.Session()
session.headers["X-Api-Key"] = "${mixed(30)}"  # expect: hardcoded-generic-secret
# password: ${mixed(5)}!${mixed(6)}  # expect: hardcoded-generic-secret


class Settings:
    client_secret: str = "${mixed(40)}"  # expect: hardcoded-generic-secret


# negative: hyperparameters, tokenizers, placeholders, env lookups, ids, hashes, pins, fixtures
max_tokens = 512
tokenizer = "bert-base-uncased"
pad_token = "[PAD]"
eos_token = "</s>"
auth = "basic"
token = "hf_token"
password = "13a"
api_key = "YOUR_API_KEY"
api_key = "<token>"
secret = "changeme"
openai_key = "sk-..."
db_password = os.environ.get("DB_PASSWORD", "")
token = os.getenv("API_TOKEN")
run_id = "${mixed(8, HEX)}-${mixed(4, HEX)}-4${mixed(3, HEX)}-a${mixed(3, HEX)}-${mixed(12, HEX)}"
sha256 = "${mixed(64, HEX)}"
checksum = "${mixed(32, HEX)}"
revision = "${mixed(40, HEX)}"
dummy_password = "${mixed(12)}"
example_token = "${mixed(32)}"
password_file = "/run/secrets/db_password"
secret_name = "projects/ml/secrets/db-password/versions/latest"
token_url = "https://oauth2.googleapis.com/token"
passed = "${mixed(12)}"
image = "data:image/png;base64,iVBORw0KGgo${mixed(60)}"
`;
write('hardcoded-generic-secret/cases.py', genericCases);
write(
  'hardcoded-generic-secret/syntax-error.py',
  `import psycopg2\n\ndef connect(:\n    return psycopg2.connect(password="${mixed(6)}#${mixed(5)}")  # expect: hardcoded-generic-secret\n\ndb_password = "${mixed(7)}%${mixed(5)}"  # expect: hardcoded-generic-secret\nmax_tokens = (\n`,
);
write(
  'hardcoded-generic-secret/notebook.ipynb',
  notebook([
    { source: `%env DB_PASSWORD=${mixed(8)}!${mixed(4)}  # expect: hardcoded-generic-secret` },
    { source: 'import os\nimport psycopg2' },
    { source: `conn = psycopg2.connect(password="${mixed(9)}@${mixed(3)}")  # expect: hardcoded-generic-secret\nmax_tokens = 256` },
    { source: `!curl -H "Authorization: Bearer ${mixed(40)}" https://api.internal/v1/models  # expect: hardcoded-generic-secret` },
  ]),
);
write(
  'hardcoded-generic-secret/config/service.env',
  [
    `DB_PASSWORD=${password}  # expect: hardcoded-generic-secret`,
    `export API_SECRET='${mixed(32)}'  # expect: hardcoded-generic-secret`,
    'DB_PASSWORD_FILE=/run/secrets/db',
    'MAX_TOKENS=4096',
    'API_SECRET=',
    'TOKEN=${TOKEN}',
    'SECRET_KEY=changeme',
    '',
  ].join('\n'),
);
write(
  'hardcoded-generic-secret/config/database.yml',
  [
    'production:',
    '  adapter: postgresql',
    `  password: "${mixed(9)}#${mixed(4)}"  # expect: hardcoded-generic-secret`,
    '  username: app',
    'development:',
    '  password: <%= ENV["DB_PASSWORD"] %>',
    'tokenizer:',
    '  pad_token: "<pad>"',
    '  max_tokens: 2048',
    '',
  ].join('\n'),
);
write(
  'hardcoded-generic-secret/config/app.json',
  JSON.stringify({ service: { client_secret: mixed(40), client_id: mixed(20) }, training: { max_tokens: 1024, tokenizer: 'gpt2' }, auth: { type: 'basic', password: '' } }, null, 2) + '\n',
);
write('hardcoded-generic-secret/config/app.json.expect', '3: hardcoded-generic-secret\n');
write(
  'hardcoded-generic-secret/config/db.ini',
  ['[database]', 'host = db.internal', `password = ${mixed(8)}%${mixed(5)}  # expect: hardcoded-generic-secret`, 'password_env = DB_PASSWORD', ''].join('\n'),
);
write('hardcoded-generic-secret/config/tool.toml', ['[service]', `api_secret = "${mixed(36)}"  # expect: hardcoded-generic-secret`, 'api_secret_env = "API_SECRET"', ''].join('\n'));
write(
  'hardcoded-generic-secret/config/Dockerfile',
  ['FROM python:3.12-slim', `ENV DB_PASSWORD ${mixed(10)}#${mixed(3)}  # expect: hardcoded-generic-secret`, 'ARG DB_PASSWORD', 'ENV TOKENIZERS_PARALLELISM=false', ''].join('\n'),
);

// secrets in saved outputs, one per MIME kind; quiet outputs and metadata
const stream = (text: string, name = 'stdout') => ({ name, output_type: 'stream', text: text.split(/(?<=\n)/) });
const result = (data: Record<string, unknown>) => ({ data, execution_count: 1, metadata: {}, output_type: 'execute_result' });
const display = (data: Record<string, unknown>) => ({ data, metadata: {}, output_type: 'display_data' });
const pgPassword = mixed(16);
const outputCells: Parameters<typeof notebook>[0] = [
  { source: 'import os\nprint(os.environ)', outputs: [stream(`environ({'PATH': '/usr/local/bin:/usr/bin', 'HOME': '/root', 'OPENAI_API_KEY': '${openai}', 'LANG': 'C.UTF-8'})\n`)] },
  { source: 'config', outputs: [result({ 'text/plain': [`{'lr': 0.001,\n`, ` 'db_url': 'postgresql://trainer:${pgPassword}@db.internal/features'}`] })] },
  {
    source: 'from IPython.display import HTML\nHTML(table)',
    outputs: [display({ 'text/html': [`<table><tr><td>token</td><td>${github}</td></tr></table>`], 'text/plain': ['<IPython.core.display.HTML object>'] })],
  },
  {
    source: 'engine.connect()',
    outputs: [
      {
        ename: 'OperationalError',
        evalue: 'connection refused',
        output_type: 'error',
        traceback: [
          '\u001b[0;31m---------------------------------------------------------------------------\u001b[0m',
          `\u001b[0;31mOperationalError\u001b[0m: could not connect to mysql://root:${mixed(14)}@db.internal:3306/runs`,
        ],
      },
    ],
  },
  { source: 'resp.json()', outputs: [result({ 'application/json': { model: 'bert', hf_token: all['huggingface-token'].token } })] },
  { source: 'import wandb\nwandb.login()', outputs: [stream(`wandb: Appending key for api.wandb.ai to your netrc file\nwandb: WANDB_API_KEY=${wandbKey}\n`, 'stderr')] },
  {
    source: '# quiet: placeholders, commit pins, images, metadata\nprint(settings)',
    metadata: { execution: { 'iopub.status.busy': '2024-01-01T00:00:00Z' }, hash: mixed(64, HEX) },
    outputs: [
      stream(`OPENAI_API_KEY=sk-...\nrevision: ${mixed(40, HEX)}\nmax_tokens: 512\ntokenizer: gpt2\nHF_TOKEN=<your token>\n`),
      display({ 'image/png': `iVBORw0KGgo${mixed(40, B64)}AKIA${mixed(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}${mixed(40, B64)}`, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }),
    ],
  },
  { type: 'markdown', source: '## Results\nNothing secret here.' },
];
write('secret-in-notebook-output/outputs.ipynb', notebook(outputCells));
write('secret-in-notebook-output/outputs.fixed.ipynb', notebook(stripOutputs(outputCells)));
write(
  'secret-in-notebook-output/outputs.ipynb.expect',
  [
    'cell 0, output: secret-in-notebook-output',
    'cell 1, output: secret-in-notebook-output',
    'cell 2, output: secret-in-notebook-output',
    'cell 3, output: secret-in-notebook-output',
    'cell 4, output: secret-in-notebook-output',
    'cell 5, output: secret-in-notebook-output',
    '',
  ].join('\n'),
);

// personal data in saved outputs
const emails = ['maria.garcia@gmail.com', 'j.smith@outlook.com', 'wei.zhang@company.co.uk'];
const piiCells: Parameters<typeof notebook>[0] = [
  {
    source: 'import pandas as pd\ndf = pd.read_csv("customers.csv")\ndf.head(3)',
    outputs: [
      result({
        'text/plain': [
          '   customer_id                    email           phone\n',
          `0         1001  ${emails[0]}  (415) 555-0132\n`,
          `1         1002     ${emails[1]}  +14155550199\n`,
          `2         1003  ${emails[2]}  212-555-0174`,
        ],
        'text/html': [`<table><tr><td>${emails[0]}</td></tr><tr><td>${emails[1]}</td></tr></table>`],
      }),
    ],
  },
  { source: 'print(patients.ssn.head(2).tolist())', outputs: [stream("['123-45-6789', '078-05-1121']\n")] },
  { source: 'payments.sample(2)', outputs: [display({ 'text/html': ['<td>4111 1111 1111 1111</td><td>DE89370400440532013000</td>'] })] },
  { source: 'print(access_log[["ip"]].head(3))', outputs: [stream('81.2.69.160\n81.2.69.142\n175.16.199.3\n')] },
  {
    source: '# quiet: docs addresses, private IPs, versions, numbers that fail checksums\nprint(info)',
    outputs: [
      stream(
        'contact: noreply@example.com\nserver: 192.168.1.20 and 10.0.0.7\nlisten on 34.120.5.6:7860\ntorch 2.1.0, cuda 12.1\nloss 0.123456789012345\nid 4111111111111112\nts 1700000000123\n2024-01-15 10:30:00\nweights@2x.png\n',
      ),
    ],
  },
];
write('pii-in-notebook-output/outputs.ipynb', notebook(piiCells));
write('pii-in-notebook-output/outputs.fixed.ipynb', notebook(stripOutputs(piiCells)));
write(
  'pii-in-notebook-output/outputs.ipynb.expect',
  ['cell 0, output: pii-in-notebook-output', 'cell 1, output: pii-in-notebook-output', 'cell 2, output: pii-in-notebook-output', 'cell 3, output: pii-in-notebook-output', ''].join('\n'),
);

// the remaining text MIME kinds: Markdown, LaTeX and JavaScript outputs, and an nbformat 3 style error
const markdownCells: Parameters<typeof notebook>[0] = [
  { source: 'from IPython.display import Markdown\nMarkdown(report)', outputs: [display({ 'text/markdown': [`## Run\n`, `token: \`${all['replicate-api-token'].token}\`\n`] })] },
  { source: 'Latex(config_tex)', outputs: [display({ 'text/latex': [`\\\\texttt{${all['stripe-secret-key'].token}}`] })] },
  { source: 'Javascript(snippet)', outputs: [display({ 'application/javascript': [`const key = "${all['google-api-key'].token}";`] })] },
  { source: 'plt.plot(losses)', outputs: [display({ 'text/markdown': ['loss curve: 0.12 → 0.03'] })] },
];
write('secret-in-notebook-output/more-mimes.ipynb', notebook(markdownCells));
write('secret-in-notebook-output/more-mimes.fixed.ipynb', notebook(stripOutputs(markdownCells)));
write(
  'secret-in-notebook-output/more-mimes.ipynb.expect',
  ['cell 0, output: secret-in-notebook-output', 'cell 1, output: secret-in-notebook-output', 'cell 2, output: secret-in-notebook-output', ''].join('\n'),
);
if (require.main === module) console.log('wrote fixtures');
