import { defineRule } from '../../server/src/engine/api';
import { redact, reportUnitSecrets } from '../../server/src/engine/secrets';

export default defineRule({
  id: 'hardcoded-generic-secret',
  category: 'hardcoded-secret',
  severity: 'warning',
  cwe: 798,
  message: 'A password, token or key is hard-coded: it goes wherever this file goes. Move it to an environment variable.',
  fixable: true,
  docs: {
    what: 'Finds string values assigned to, passed as, or keyed by a secret-like name (`password`, `db_pass`, `api_key`, `token`, `secret`, `access_key`, `client_secret`, `Authorization`…) that look like a real secret: not a placeholder (`YOUR_API_KEY`, `<token>`, `xxx`, `changeme`, `sk-...`, `${VAR}`), not an environment lookup, and random enough (three character classes for short passwords, high entropy for longer values). Names are matched on whole word parts, so `tokenizer`, `max_tokens=512`, `pad_token`, `passed` or `auth="basic"` never count, nor do ids, hashes, commit pins (`revision=`), paths, URLs without credentials, and values named dummy/fake/example/test.',
    why: 'A password in a notebook or a config file is read by everyone the file is shared with and stays in the git history after it is removed. ML projects are shared widely (Kaggle, Colab, Hugging Face Spaces, model repositories), so these secrets leak more than most.',
    fix: 'Read the value from the environment (`os.environ["DB_PASSWORD"]`) and keep it in a git-ignored `.env`. The quick fix does that for Python string literals: the literal becomes `os.environ["NAME"]`, `NAME=<value>` is appended to `.env` and `.env` to `.gitignore`. In config files, use your tool\'s variable syntax (`${DB_PASSWORD}`) instead of the value. Change the password if the file was ever shared.',
    example: {
      bad: 'import psycopg2\nconn = psycopg2.connect(host="db", user="ml", password="Xk9#pL2!vQ")',
      good: 'import os\nimport psycopg2\nconn = psycopg2.connect(host="db", user="ml", password=os.environ["DB_PASSWORD"])',
    },
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password'],
  },
  onText(unit, context) {
    reportUnitSecrets(
      unit,
      context,
      ['generic'],
      (secret, where) => `A secret (${secret.label}, \`${redact(secret.secret)}\`) is hard-coded ${where}: it goes wherever this file goes. Move it to an environment variable.`,
    );
  },
});
