import { defineRule } from '../../server/src/engine/api';
import { selfWrittenPath } from '../lib/pickled-files';

export default defineRule({
  id: 'joblib-load-unsafe',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'joblib.load unpickles the file and can run arbitrary code; load only models your own pipeline saved, or use skops/ONNX.',
  docs: {
    what: 'Finds `joblib.load`, including the old `sklearn.externals.joblib` and `from joblib import load`. `joblib.dump` is not reported. When the same program writes the file it loads, the finding is a warning.',
    why: 'joblib files are pickles. Loading a scikit-learn model from a download, a model registry or a shared folder runs any code the file carries.',
    fix: 'Use `skops.io.load` with an explicit list of trusted types, or export to ONNX. If you must use joblib, load only files your own pipeline wrote and check a signature or checksum before loading.',
    example: {
      bad: 'import joblib\nmodel = joblib.load("model.joblib")',
      good: 'import skops.io as sio\nmodel = sio.load("model.skops", trusted=["sklearn.linear_model._logistic.LogisticRegression"])',
    },
    references: ['https://joblib.readthedocs.io/en/stable/persistence.html', 'https://scikit-learn.org/stable/model_persistence.html'],
  },
  calls: ['joblib.load'],
  onCall(call, context) {
    const own = selfWrittenPath(call, context);
    if (own) {
      context.report({
        node: call.node,
        severity: 'warning',
        message: `joblib.load unpickles "${own}", which this program writes itself; the risk is someone replacing that file (a shared folder, a bucket, a model registry), so keep it where only this pipeline can write, or use skops/ONNX.`,
      });
      return;
    }
    context.report({ node: call.node });
  },
});
