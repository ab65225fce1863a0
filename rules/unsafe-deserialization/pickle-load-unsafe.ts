import { defineRule } from '../../server/src/engine/api';
import { selfWrittenPath } from '../lib/pickled-files';

const MODULES = ['pickle', 'dill', 'cloudpickle'];
const LOADERS = ['load', 'loads', 'Unpickler'];

export default defineRule({
  id: 'pickle-load-unsafe',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'Unpickling runs arbitrary code from the data; load pickles only from a source you control, or use a safe format.',
  docs: {
    what: 'Finds pickle-based loading: `pickle`/`cPickle`/`_pickle`, `dill`, `cloudpickle` `load`, `loads` and `Unpickler`, `jsonpickle.decode`, `dill.load_session` / `load_module` (a pickled interpreter session), and `shelve.open`, through any import alias, `from` import or assignment. Writing (`dump`, `dumps`) is not reported. When the same program writes the file it loads (`open("cache.pkl", "wb")`), the finding is a warning whose message says the remaining risk is someone replacing that file.',
    why: 'A pickle is a program for the unpickler: a crafted file or byte string runs any code it wants the moment it is loaded. Models, features and caches shared between people, downloaded, or read from a bucket are exactly the files an attacker can swap.',
    fix: 'Store data in a format that cannot carry code: `safetensors` for tensors, JSON/Parquet/Arrow for tables, `numpy.save` without `allow_pickle`, ONNX or `skops` for scikit-learn models. If a pickle is unavoidable, load it only from a path your own pipeline wrote and verify an HMAC or checksum of the file first.',
    example: {
      bad: 'import pickle\nwith open("features.pkl", "rb") as f:\n    features = pickle.load(f)',
      good: 'import pandas as pd\nfeatures = pd.read_parquet("features.parquet")',
    },
    references: ['https://docs.python.org/3/library/pickle.html', 'https://cwe.mitre.org/data/definitions/502.html'],
  },
  calls: [
    ...MODULES.flatMap((m) => LOADERS.map((l) => `${m}.${l}`)),
    'jsonpickle.decode',
    'jsonpickle.loads',
    'dill.load_session',
    'dill.load_module',
    'dill.session.load_session',
    'dill.session.load_module',
    'shelve.open',
    'shelve.DbfilenameShelf',
    'pandas.compat.pickle_compat.load',
  ],
  onCall(call, context) {
    const callee = call.callee ?? call.method;
    // `pickle.loads(pickle.dumps(obj))`: a deep copy of an object this process made
    const data = call.positional[0];
    if (data?.type === 'call' && /\.dumps$/.test(context.callSite(data).callee ?? '')) return;
    const what = callee.startsWith('shelve.')
      ? 'shelve stores values as pickles; opening a shelf file unpickles them and can run arbitrary code'
      : callee.startsWith('jsonpickle.')
        ? 'jsonpickle.decode rebuilds arbitrary Python objects and can run arbitrary code'
        : `${callee} runs arbitrary code from the data it unpickles`;
    const own = selfWrittenPath(call, context);
    if (own) {
      context.report({
        node: call.node,
        severity: 'warning',
        message: `${what}. This program writes "${own}" itself, so the risk is someone replacing that file (a shared folder, a bucket, a copied cache); keep it where only this pipeline can write, or switch to a safe format.`,
      });
      return;
    }
    context.report({ node: call.node, message: `${what}; load pickles only from a source you control, or use a safe format.` });
  },
});
