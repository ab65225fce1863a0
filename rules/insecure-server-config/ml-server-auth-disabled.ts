import { defineRule, type Severity } from '../../server/src/engine/api';
import { COMMAND_CALLS, commandVectors, magicCommands, magicRange, optionValue, UNKNOWN } from './commands';

interface Problem {
  message: string;
  severity?: Severity;
}

const JUPYTER_TOKEN = ['--NotebookApp.token', '--ServerApp.token', '--IdentityProvider.token', '--LabApp.token'];
const JUPYTER_PASSWORD = ['--NotebookApp.password', '--ServerApp.password', '--LabApp.password', '--PasswordIdentityProvider.hashed_password'];
const JUPYTER_IP = ['--ip', '--NotebookApp.ip', '--ServerApp.ip', '--LabApp.ip'];

function isPublic(host: string | undefined): boolean {
  if (host === undefined || host.includes(UNKNOWN)) return false;
  const h = host.trim().toLowerCase();
  return !(h === '' || h === 'localhost' || h === '::1' || /^127\./.test(h));
}

/** The tool a command vector starts and the words after it, if it is one of the servers this rule knows. */
function toolOf(words: string[]): { tool: 'jupyter' | 'tensorboard' | 'mlflow'; rest: string[] } | undefined {
  for (let i = 0; i < words.length; i++) {
    const name = words[i].slice(words[i].lastIndexOf('/') + 1);
    const next = words[i + 1];
    if (name === 'jupyter' && /^(notebook|lab|server|nbclassic)$/.test(next ?? '')) return { tool: 'jupyter', rest: words.slice(i + 2) };
    if (/^jupyter-(notebook|lab|server)$/.test(name)) return { tool: 'jupyter', rest: words.slice(i + 1) };
    if (name === 'tensorboard') return { tool: 'tensorboard', rest: words.slice(i + 1) };
    if (name === 'mlflow' && /^(server|ui)$/.test(next ?? '')) return { tool: 'mlflow', rest: words.slice(i + 2) };
    if (/^python[\d.]*$/.test(name) && next === '-m') {
      const module = words[i + 2] ?? '';
      if (/^(notebook|jupyterlab|jupyter_server|nbclassic)$/.test(module)) return { tool: 'jupyter', rest: words.slice(i + 3) };
      if (/^tensorboard(\.main)?$/.test(module)) return { tool: 'tensorboard', rest: words.slice(i + 3) };
      if (module === 'mlflow' && /^(server|ui)$/.test(words[i + 3] ?? '')) return { tool: 'mlflow', rest: words.slice(i + 4) };
    }
  }
  return undefined;
}

/** What is wrong with a command line, if it starts a server without authentication. */
export function problemOf(words: string[]): Problem | undefined {
  const found = toolOf(words);
  if (!found) return undefined;
  const { tool, rest } = found;
  if (tool === 'jupyter') {
    const token = optionValue(rest, JUPYTER_TOKEN);
    const password = optionValue(rest, JUPYTER_PASSWORD);
    if (!token.present || token.value !== '' || (password.value !== undefined && password.value !== '')) return undefined;
    const ip = optionValue(rest, JUPYTER_IP).value;
    return isPublic(ip)
      ? { message: `Jupyter started with an empty token and no password on ${ip}: anyone who reaches the port gets a Python shell, files and credentials of this machine; keep the token.` }
      : { severity: 'warning', message: 'Jupyter started with an empty token and no password: any local user or process (and web pages, through DNS rebinding) can run code in it; keep the token.' };
  }
  if (tool === 'tensorboard') {
    const host = optionValue(rest, ['--host']).value;
    if (!optionValue(rest, ['--bind_all']).present && !isPublic(host)) return undefined;
    return {
      severity: 'warning',
      message:
        'TensorBoard has no login: with --bind_all (or a public --host) anyone who reaches the port reads the runs, hyperparameters, embeddings and sample data; bind it locally and use an SSH tunnel.',
    };
  }
  const host = optionValue(rest, ['--host', '-h']).value;
  if (!isPublic(host) || optionValue(rest, ['--app-name']).present) return undefined;
  return {
    message: `mlflow ${words.includes('ui') ? 'ui' : 'server'} on ${host} without --app-name basic-auth: anyone who reaches it can read and change experiments, download artifacts and replace registered models; enable authentication or bind it locally.`,
  };
}

function reportAll(vectors: string[][], report: (problem: Problem) => void): void {
  for (const words of vectors) {
    const problem = problemOf(words);
    if (problem) report(problem);
  }
}

export default defineRule({
  id: 'ml-server-auth-disabled',
  category: 'insecure-server-config',
  severity: 'error',
  cwe: 306,
  message: 'This starts Jupyter, TensorBoard or MLflow with authentication off where others can reach it; keep the token / enable auth, or bind it to localhost.',
  docs: {
    what: "Finds Jupyter, TensorBoard and MLflow servers started with authentication off, in Python code (`subprocess.run/Popen/call` with a list or a string, `os.system`, `os.popen`, `get_ipython().system` / `system_raw`), in notebook shell escapes (`!jupyter ...`, `%%bash` cells, `%tensorboard`), in `tensorboard.program.TensorBoard().configure(...)`, and in Jupyter config files (`c.ServerApp.token = ''`): Jupyter with an empty `--NotebookApp.token` / `--ServerApp.token` / `--IdentityProvider.token` and no password (an error on `--ip=0.0.0.0`), TensorBoard with `--bind_all` or a public `--host`, `mlflow server` / `mlflow ui` on a public `--host` without `--app-name basic-auth`.",
    why: 'These are the usual "make it reachable from my laptop" lines in Colab, cloud VMs and training boxes. Jupyter without a token is a remote Python shell for whoever finds the port (internet scanners look for it); TensorBoard has no authentication at all and shows logged text, images and embeddings; an MLflow server without auth lets anyone read experiments and artifacts and replace registered models that production then loads.',
    fix: "Keep Jupyter's generated token (or set a password), and reach remote servers through an SSH tunnel (`ssh -L 8888:localhost:8888 host`) rather than binding `0.0.0.0`. Bind TensorBoard locally (drop `--bind_all`). Start MLflow with `--app-name basic-auth` (and TLS in front), or keep it on `127.0.0.1`.",
    example: {
      bad: 'import subprocess\nsubprocess.Popen(["jupyter", "lab", "--ip=0.0.0.0", "--no-browser", "--allow-root", "--ServerApp.token="])',
      good: 'import subprocess\nsubprocess.Popen(["jupyter", "lab", "--no-browser"])',
    },
    references: ['https://jupyter-server.readthedocs.io/en/latest/operators/security.html', 'https://mlflow.org/docs/latest/auth/index.html', 'https://cwe.mitre.org/data/definitions/306.html'],
  },
  calls: [...COMMAND_CALLS, '*.configure'],
  onCall(call, context) {
    if (call.method === 'configure') {
      if (!/^tensorboard\.program\.TensorBoard\(\)\.configure$/.test(call.callee ?? '')) return;
      const argv = call.argumentValue(undefined, 'argv');
      const words = argv?.kind === 'sequence' ? ['tensorboard', ...argv.items.map((i) => (i.kind === 'string' ? i.value : ''))] : ['tensorboard'];
      if (call.flag('bind_all') === 'true') words.push('--bind_all');
      const host = call.argumentValue(undefined, 'host');
      if (host?.kind === 'string') words.push('--host', host.value);
      reportAll([words], (problem) => context.report({ node: call.node, ...problem }));
      return;
    }
    reportAll(commandVectors(call, context), (problem) => context.report({ node: call.node, ...problem }));
  },
  nodes: { types: ['assignment'], keywords: ['token'] },
  onNode(node, context) {
    // jupyter_server_config.py: c.ServerApp.token = ''
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'attribute' || !right || !/^c\.(NotebookApp|ServerApp|IdentityProvider|LabApp)\.token$/.test(left.text.replace(/\s+/g, ''))) return;
    const value = context.valueOf(right);
    if (value.kind !== 'string' || value.value !== '') return;
    const passwordSet =
      context.unit.code.match(/^c\.(?:NotebookApp|ServerApp|LabApp)\.password\s*=\s*(['"])(.+)\1/m) ?? context.unit.code.match(/^c\.PasswordIdentityProvider\.hashed_password\s*=\s*(['"])(.+)\1/m);
    if (passwordSet) return;
    context.report({
      node,
      severity: 'warning',
      message: 'An empty Jupyter token with no password turns authentication off: whoever reaches the server gets a Python shell on this machine; keep the generated token or set a password.',
    });
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    for (const magic of unit.magics) reportAll(magicCommands(magic), (problem) => context.report({ range: magicRange(unit, magic), ...problem }));
  },
});
