import { defineRule, truthiness } from '../../server/src/engine/api';

export default defineRule({
  id: 'skops-load-trusted',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: "skops.io.load with trusted=True (or the file's own list of untrusted types) trusts every type the file names, which defeats skops' protection; pass an explicit list of reviewed types.",
  docs: {
    what: 'Finds `skops.io.load` / `skops.io.loads` called with `trusted=True`, or with `trusted=` set to the result of `get_untrusted_types(...)` on the same file (trusting whatever the file asks for).',
    why: "skops exists to load scikit-learn models without pickle's arbitrary code execution: it only builds types you trust. `trusted=True` (older skops) trusts everything, and passing `get_untrusted_types(file=...)` straight back trusts exactly the types an attacker put in the file, so a crafted model can call arbitrary functions when it is loaded.",
    fix: 'Call `get_untrusted_types` once, review the list, and write the types you accept into your code: `sio.load(path, trusted=["sklearn.ensemble._forest.RandomForestClassifier", ...])`.',
    example: {
      bad: 'import skops.io as sio\nmodel = sio.load("model.skops", trusted=True)',
      good: 'import skops.io as sio\nmodel = sio.load("model.skops", trusted=["sklearn.linear_model._logistic.LogisticRegression"])',
    },
    references: ['https://skops.readthedocs.io/en/stable/persistence.html', 'https://cwe.mitre.org/data/definitions/502.html'],
  },
  calls: ['skops.io.load', 'skops.io.loads'],
  onCall(call, context) {
    const trusted = call.argument(1, 'trusted');
    if (!trusted) return;
    const value = context.valueOf(trusted);
    if (value.kind === 'bool' || value.kind === 'number') {
      if (truthiness(value) === 'true')
        context.report({
          node: trusted.parent?.type === 'keyword_argument' ? trusted.parent : trusted,
          message: `skops.io.${(call.callee ?? 'load').split('.').pop()}(..., trusted=True) trusts every type the file names, so a crafted model runs arbitrary code on load; pass an explicit list of reviewed types.`,
        });
      return;
    }
    if (value.kind === 'call' && /get_untrusted_types$/.test(value.callee ?? '')) {
      context.report({
        node: trusted.parent?.type === 'keyword_argument' ? trusted.parent : trusted,
        message: `skops.io.${(call.callee ?? 'load').split('.').pop()} trusts the list of types the file itself asks for (get_untrusted_types), so a crafted model runs arbitrary code on load; review that list once and write the accepted types into the code.`,
      });
    }
  },
});
