import { defineRule } from '../../server/src/engine/api';

export default defineRule({
  id: 'numpy-load-allow-pickle',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'np.load with allow_pickle=True unpickles object arrays and can run arbitrary code; drop allow_pickle.',
  fixable: true,
  docs: {
    what: 'Finds `numpy.load` called with `allow_pickle=True`.',
    why: 'With `allow_pickle=True`, a `.npy`/`.npz` file may hold pickled objects, and loading it runs whatever code they carry. NumPy turned it off by default for this reason.',
    fix: 'Remove `allow_pickle=True` and save plain numeric arrays. Keep object data (strings, dicts) in JSON or Parquet beside the arrays.',
    example: { bad: 'import numpy as np\nx = np.load("x.npy", allow_pickle=True)', good: 'import numpy as np\nx = np.load("x.npy")' },
    references: ['https://numpy.org/doc/stable/reference/generated/numpy.load.html'],
  },
  calls: ['numpy.load'],
  onCall(call, context) {
    const flag = call.flag('allow_pickle');
    if (flag === 'true') {
      const argument = call.keywordArgument('allow_pickle');
      const edits = argument ? context.edits.removeArgument(call, argument) : [];
      context.report({ node: argument ?? call.node, fixes: edits.length > 0 ? [{ title: 'Remove allow_pickle=True', safe: true, edits }] : [] });
    } else if (flag === 'unknown') {
      context.report({ node: call.node, severity: 'warning', message: 'np.load gets allow_pickle from a variable or **kwargs; if it is True, loading a crafted file runs arbitrary code.' });
    }
  },
});
