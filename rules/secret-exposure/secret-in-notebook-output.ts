import { defineRule } from '../../server/src/engine/api';
import { clearOutputFix, mimeName, outputAnchor, outputSecretsByOutput, shown } from '../../server/src/engine/secrets';

export default defineRule({
  id: 'secret-in-notebook-output',
  category: 'secret-exposure',
  severity: 'error',
  cwe: 532,
  message: 'A saved cell output shows a secret: the notebook file now contains it, and so does every copy. Clear the output and rotate the secret.',
  fixable: true,
  textKinds: ['notebook'],
  docs: {
    what: 'Reads the saved outputs of each notebook cell (printed text, displayed results, HTML, JSON, error messages and tracebacks; images and metadata are skipped) and finds the same secrets as the hardcoded-secret rules: provider keys and tokens, private keys, passwords in URLs, and `name: value` pairs with secret-like names (as `print(os.environ)` or a config dump shows them). The finding sits on the last line of the cell; its message says which output (“in the saved output of cell 7”).',
    why: 'The code may read the key from the environment, but the output of `print(os.environ)`, `!env`, `wandb.login()` with verbose logging, or a traceback showing a connection string is saved in the `.ipynb` and travels with it: to git, to nbviewer, to a Kaggle or Colab share. Secret scanners that read `.ipynb` as JSON miss escaped values; code linters never look at outputs.',
    fix: 'Clear the output (the quick fix does this; in the CLI, `secure-ml scan --fix`) and rotate the secret, since the saved file may already have been shared. Then stop printing it: print whether it is set (`"OPENAI_API_KEY" in os.environ`) rather than its value. `nbstripout` as a git filter keeps outputs out of commits.',
    example: { bad: 'import os\nprint(os.environ)   # saved output: {... "OPENAI_API_KEY": "sk-proj-…" ...}', good: 'import os\nprint("OPENAI_API_KEY" in os.environ)' },
    references: ['https://cwe.mitre.org/data/definitions/532.html', 'https://github.com/kynan/nbstripout'],
  },
  onText(unit, context) {
    if (unit.outputs.length === 0) return;
    for (const [output, secrets] of outputSecretsByOutput(unit, context)) {
      const first = secrets[0];
      const listed = secrets.slice(0, 3).map(shown).join(', ') + (secrets.length > 3 ? ` and ${secrets.length - 3} more` : '');
      context.report({
        range: outputAnchor(unit),
        severity: secrets.some((s) => s.severity === 'error') ? 'error' : 'warning',
        message: `${secrets.length === 1 ? 'A secret is' : `${secrets.length} secrets are`} visible in the saved output of cell ${unit.index + 1} (${mimeName(first.mime)}, line ${first.line + 1}): ${listed}. Clear the output and rotate ${secrets.length === 1 ? 'it' : 'them'}.`,
        origin: { kind: 'output', output, line: first.line },
        fixes: [clearOutputFix(unit)],
      });
    }
  },
});
