import { defineRule } from '../../server/src/engine/api';

export default defineRule({
  id: 'pandas-read-pickle',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'pandas.read_pickle unpickles the file and can run arbitrary code; read Parquet, Feather or CSV instead.',
  docs: {
    what: 'Finds `pandas.read_pickle` (and `DataFrame`-level `pd.read_pickle` through any alias).',
    why: 'The pandas documentation warns that loading pickled data from an untrusted source is not secure: the file can run code when read. Data frames passed around between notebooks, buckets and teams are a common way in.',
    fix: 'Write and read Parquet (`to_parquet` / `read_parquet`) or Feather; they keep dtypes and are faster, and they cannot carry code.',
    example: { bad: 'import pandas as pd\ndf = pd.read_pickle("train.pkl")', good: 'import pandas as pd\ndf = pd.read_parquet("train.parquet")' },
    references: ['https://pandas.pydata.org/docs/reference/api/pandas.read_pickle.html'],
  },
  calls: ['pandas.read_pickle'],
  onCall(call, context) {
    context.report({ node: call.node });
  },
});
