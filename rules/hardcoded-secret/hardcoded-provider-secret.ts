import { defineRule } from '../../server/src/engine/api';
import { reportUnitSecrets, shown } from '../../server/src/engine/secrets';

export default defineRule({
  id: 'hardcoded-provider-secret',
  category: 'hardcoded-secret',
  severity: 'error',
  cwe: 798,
  message: 'A provider credential (API key or token) is hard-coded: anyone who can read this file or its history can use it. Move it to an environment variable and rotate it.',
  fixable: true,
  docs: {
    what: 'Finds API keys and tokens of known providers (OpenAI, Anthropic, Hugging Face, Weights & Biases, Kaggle, AWS, Google, Azure, GitHub, Slack, Stripe and about 70 more; see the detector table) in Python strings and comments, notebook cells and magics (`%env`, `!export`), and config and env files (`.env`, YAML, JSON, TOML, INI, `.netrc`, `kaggle.json`, Dockerfiles). Tokens with a documented prefix are recognised anywhere; keys without one (a 40-hex W&B key, a 32-hex Kaggle key) when the name they are assigned to says whose they are (`WANDB_API_KEY`, `wandb.login(key=...)`, the `.netrc` machine `api.wandb.ai`).',
    why: 'Notebooks and training scripts get shared, pushed to GitHub, uploaded to Kaggle and Colab, and baked into Docker images. A key in the source goes with them: it lets anyone run up your LLM bill, read or overwrite your models and datasets, or reach your cloud account. Deleting the line later does not help: the key stays in the git history and in every copy.',
    fix: 'Rotate the key at the provider, then read it from the environment: `os.environ["OPENAI_API_KEY"]`, with the value in a `.env` file that git ignores (load it with python-dotenv, or your shell). The quick fix does the move: it replaces the literal with `os.environ["NAME"]`, adds `import os`, appends `NAME=<value>` to the project\'s `.env` and makes sure `.gitignore` lists `.env`. Most SDKs also read their variable on their own (`OpenAI()` reads `OPENAI_API_KEY`, `huggingface_hub` reads `HF_TOKEN`).',
    example: {
      bad: 'from openai import OpenAI\nclient = OpenAI(api_key="sk-proj-…")',
      good: 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])',
    },
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://platform.openai.com/docs/quickstart', 'https://huggingface.co/docs/hub/security-tokens'],
  },
  onText(unit, context) {
    reportUnitSecrets(
      unit,
      context,
      ['provider'],
      (secret, where) => `${shown(secret)} is hard-coded ${where}: anyone who can read this file or its history can use it. Move it to an environment variable and rotate it.`,
    );
  },
});
