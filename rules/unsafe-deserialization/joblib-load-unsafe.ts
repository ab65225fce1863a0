import { defineRule } from '../../server/src/engine/api';

export default defineRule({
  id: 'joblib-load-unsafe',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'joblib.load unpickles the file and can run arbitrary code; load only models your own pipeline saved, or use skops/ONNX.',
  docs: {
    what: 'Finds `joblib.load`, including the old `sklearn.externals.joblib`.',
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
    context.report({ node: call.node });
  },
});
