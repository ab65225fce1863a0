import { defineRule } from '../../server/src/engine/api';
import { reportUnitSecrets, shown } from '../../server/src/engine/secrets';

export default defineRule({
  id: 'hardcoded-url-credentials',
  category: 'hardcoded-secret',
  severity: 'error',
  cwe: 798,
  message: 'A connection URL carries a password: anyone who reads this file can log in to that database or service. Read the URL from an environment variable.',
  fixable: true,
  docs: {
    what: 'Finds URLs with a password in them (`postgresql://user:password@host/db`, `mysql+pymysql://`, `mongodb+srv://`, `redis://:password@`, `snowflake://user:password@account`, `amqp://`, `https://user:token@`), in code, comments, notebooks and config files. Placeholders (`${DB_PASSWORD}`, `{password}`, `<password>`), local-development defaults (`postgres:postgres`) and URLs without a password are left alone.',
    why: 'Feature stores, experiment trackers and training data live in databases; the URL in a notebook is the key to all of it. Connection strings are copied into logs, error messages and MLflow params, so they leak further than most secrets.',
    fix: 'Move the whole URL (or just the password) to an environment variable: `create_engine(os.environ["DATABASE_URL"])`. The quick fix does this when the string is exactly the URL: the value goes into `.env` (git-ignored). Rotate the password.',
    example: {
      bad: 'engine = create_engine("postgresql://ml:Xk9#pL2!vQ@db.internal/features")',
      good: 'engine = create_engine(os.environ["DATABASE_URL"])',
    },
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://docs.sqlalchemy.org/en/20/core/engines.html#database-urls'],
  },
  onText(unit, context) {
    reportUnitSecrets(
      unit,
      context,
      ['url-credentials'],
      (secret, where) => `A ${shown(secret)} is hard-coded ${where}: anyone who reads this can log in to that service. Read the URL from an environment variable and change the password.`,
    );
  },
});
