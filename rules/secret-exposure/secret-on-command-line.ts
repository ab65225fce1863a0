import { defineRule, type RuleContext, type SourceUnit } from '../../server/src/engine/api';
import { isSecretName } from '../../server/src/engine/secrets';
import { secretExpression, secretsReaching } from '../../server/src/engine/secrets/expressions';

/** Shell magics whose text is a command line (`!cmd`, `%sx cmd`, `%system cmd`, `%%bash` bodies). */
const SHELL_MAGICS = new Set(['!', 'sx', 'system', 'bash', 'sh', 'script']);
/** IPython expands `{expr}` and `$name` in shell escapes with Python values. */
const INTERPOLATION = /\{([A-Za-z_][\w.]*(?:\[[^\]\n]{1,40}\])?)\}|\$([A-Za-z_]\w*)/g;

export default defineRule({
  id: 'secret-on-command-line',
  category: 'secret-exposure',
  severity: 'warning',
  cwe: 214,
  message:
    'A secret is passed as a command-line argument: other users and processes on the machine can read it (ps, /proc), and shells and notebooks keep it in history. Pass it through the environment or stdin.',
  docs: {
    what: 'Finds secrets that a Python value puts on a command line: `subprocess.run([... "--token", hf_token])`, `os.system(f"wandb login {key}")`, and in notebooks shell escapes that interpolate a Python secret (`!huggingface-cli login --token {hf_token}`, `!curl -H "Authorization: Bearer $api_key"` where `api_key` is a notebook variable). The resolver decides what holds a secret (an environment read of a credential name, a hard-coded token, `getpass()`, a secret-named parameter). Literal tokens typed into a command are reported by the hardcoded-secret rules.',
    why: "A process's arguments are visible to every user of the machine (`ps aux`, `/proc/<pid>/cmdline`), which on shared GPU servers and JupyterHub is everybody; they are also written to shell history, audit logs and CI logs. Environment variables and stdin are not exposed that way.",
    fix: 'Pass the secret in the environment of the child process: `subprocess.run(["huggingface-cli", "login"], env={**os.environ, "HF_TOKEN": token})`; most CLIs read their variable (`HF_TOKEN`, `WANDB_API_KEY`, `GITHUB_TOKEN`). For tools that only take stdin, use `input=token`. In notebooks, set the variable with `os.environ[...]` (from a secret store) and let the CLI read it.',
    example: {
      bad: 'import os, subprocess\ntoken = os.environ["HF_TOKEN"]\nsubprocess.run(["huggingface-cli", "login", "--token", token], check=True)',
      good: 'import os, subprocess\nsubprocess.run(["huggingface-cli", "login"], env={**os.environ}, check=True)',
    },
    references: ['https://cwe.mitre.org/data/definitions/214.html', 'https://huggingface.co/docs/huggingface_hub/guides/cli#huggingface-cli-login'],
  },
  calls: [
    'subprocess.run',
    'subprocess.call',
    'subprocess.check_call',
    'subprocess.check_output',
    'subprocess.Popen',
    'subprocess.getoutput',
    'subprocess.getstatusoutput',
    'os.system',
    'os.popen',
    'os.execv',
    'os.execvp',
    'os.spawnv',
    'os.spawnvp',
  ],
  onCall(call, context) {
    const command = call.argument(0, 'args') ?? (call.callee === 'os.execv' || call.callee === 'os.execvp' ? call.argument(1) : undefined);
    if (!command) return;
    for (const secret of secretsReaching(command, context)) {
      if (secret.wholeEnvironment) continue;
      context.report({
        node: secret.node,
        message: `${capitalize(secret.description)} is passed on the command line of ${call.callee}: other users and processes can read it (ps, /proc) and logs keep it. Pass it through env= or stdin.`,
      });
    }
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    for (const magic of unit.magics) {
      if (!SHELL_MAGICS.has(magic.prefix === '!' ? '!' : magic.name)) continue;
      const text = unit.text.slice(magic.startOffset, magic.endOffset);
      INTERPOLATION.lastIndex = 0;
      for (let match = INTERPOLATION.exec(text); match; match = INTERPOLATION.exec(text)) {
        const expression = match[1] ?? match[2];
        const description = secretOfInterpolation(expression, unit, context);
        if (!description) continue;
        const start = magic.startOffset + match.index;
        context.report({
          range: unit.lines.rangeOf(start, start + match[0].length),
          message: `${capitalize(description)} is put on a shell command line (IPython expands \`${match[0]}\`): other users and processes can read it (ps, /proc) and notebook history keeps it. Let the command read it from the environment.`,
        });
      }
    }
  },
});

/** What a `{expr}` / `$name` in a shell escape holds, judged by the Python names the notebook binds. */
function secretOfInterpolation(expression: string, unit: SourceUnit, context: RuleContext): string | undefined {
  const name = expression.split(/[.[]/)[0];
  const bindings = context.bindings(name).filter((b) => b.unit <= unit.index && b.scope === 0);
  if (bindings.length === 0) return undefined;
  const binding = bindings[bindings.length - 1];
  // the bound name, looked up from this cell: the resolver knows what it holds
  const secret = secretExpression(binding.node, context);
  if (secret) return secret.description;
  return expression.includes('.') && isSecretName(expression.split('.').pop() ?? '') ? `\`${expression}\`` : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
