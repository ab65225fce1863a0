import { defineRule, type CallSite, type Node, type RuleContext } from '../../server/src/engine/api';
import { documentMatches } from '../lib/gate';

/** Calls that write a file, and which argument names it. */
const WRITERS: Record<string, [number | undefined, string?]> = {
  'torch.save': [1, 'f'],
  'numpy.save': [0, 'file'],
  'numpy.savez': [0, 'file'],
  'numpy.savez_compressed': [0, 'file'],
  'numpy.savetxt': [0, 'fname'],
  'joblib.dump': [1, 'filename'],
  'urllib.request.urlretrieve': [1, 'filename'],
  'shutil.copy': [1, 'dst'],
  'shutil.copyfile': [1, 'dst'],
  'shutil.copy2': [1, 'dst'],
  'shutil.move': [1, 'dst'],
  'cv2.imwrite': [0, 'filename'],
  'safetensors.torch.save_file': [1, 'filename'],
  'wget.download': [1, 'out'],
  '*.to_csv': [0, 'path_or_buf'],
  '*.to_parquet': [0, 'path'],
  '*.to_json': [0, 'path_or_buf'],
  '*.to_pickle': [0, 'path'],
  '*.to_feather': [0, 'path'],
  '*.save_pretrained': [0, 'save_directory'],
  '*.save_model': [0, 'fname'],
  '*.download_file': [2, 'Filename'],
  '*.save': [0, 'filepath'],
  '*.savefig': [0, 'fname'],
  '*.to_excel': [0, 'excel_writer'],
  '*.to_hdf': [0, 'path_or_buf'],
  '*.write_csv': [0, 'file'],
  '*.write_parquet': [0, 'file'],
  '*.save_to_disk': [0, 'dataset_path'],
  'torch.jit.save': [1, 'f'],
  '*.write_text': [undefined],
  '*.write_bytes': [undefined],
};
/** Loaders that run code from the file: a planted file in /tmp becomes code execution. */
const CODE_LOADERS: Record<string, [number, string?]> = {
  'torch.load': [0, 'f'],
  'joblib.load': [0, 'filename'],
  'pandas.read_pickle': [0, 'filepath_or_buffer'],
  'keras.models.load_model': [0, 'filepath'],
  'dill.load': [0],
  'pickle.load': [0],
};

const UNIQUE_PART = /\buuid\d?\b|uuid4|token_hex|token_urlsafe|mkdtemp|mkstemp|getpid|time_ns|\btime\(\)|random/;

/** The program mentions a shared temp folder at all (checked once per document). */
const SHARED_TMP_TEXT = /\/tmp\b|\/var\/tmp\b|\/dev\/shm\b|gettempdir/;

const SHARED_TMP = /^(\/tmp|\/var\/tmp|\/dev\/shm)(\/|$)/;

export default defineRule({
  id: 'fixed-tmp-path',
  category: 'insecure-temp-file',
  severity: 'warning',
  cwe: 377,
  message: 'This writes to a fixed path in the shared /tmp folder; any user on the machine can read it, replace it, or put a symlink there first. Use tempfile.mkdtemp() or a folder of the project.',
  docs: {
    what: 'Finds models, datasets and other files written to a fixed path under `/tmp`, `/var/tmp` or `/dev/shm` (`open(..., "w")`, `torch.save`, `np.save`, `joblib.dump`, `df.to_csv`, `save_pretrained`, `urlretrieve`, `shutil.copy`...), and pickled files loaded back from such a path (`torch.load`, `joblib.load`, `pickle.load(open(...))`). Reading plain data (`pd.read_csv("/tmp/x.csv")`, `open("/tmp/x")`) and strings that merely mention `/tmp` are not reported: unlike Bandit\'s B108, only a write, or a load that would run planted code, is a finding.',
    why: '`/tmp` is shared by every user and process of the machine: on a shared GPU server or CI runner another account can read the dataset or checkpoint you leave there, swap it before you load it back (a pickle swapped for a malicious one runs code), or create a symlink at that name so your write overwrites one of your own files.',
    fix: "Create a private directory with `tempfile.mkdtemp()` (or `tempfile.TemporaryDirectory()`) and write inside it, or write into the project's own output folder.",
    example: {
      bad: 'import torch\ntorch.save(model.state_dict(), "/tmp/model.pt")',
      good: 'import os, tempfile, torch\nworkdir = tempfile.mkdtemp()\ntorch.save(model.state_dict(), os.path.join(workdir, "model.pt"))',
    },
    references: ['https://docs.python.org/3/library/tempfile.html', 'https://cwe.mitre.org/data/definitions/377.html'],
  },
  calls: ['open', 'io.open', 'builtins.open', 'pathlib.Path', ...Object.keys(WRITERS), ...Object.keys(CODE_LOADERS)],
  onCall(call, context) {
    if (!documentMatches(context, SHARED_TMP_TEXT)) return;
    const callee = call.callee ?? '';
    if (callee === 'open' || callee === 'io.open' || callee === 'builtins.open') return checkOpen(call, context);
    if (callee === 'pathlib.Path') return;
    const loader = CODE_LOADERS[callee] ?? (callee === 'numpy.load' && call.flag('allow_pickle') === 'true' ? ([0, 'file'] as [number, string]) : undefined);
    if (loader) {
      const argument = call.argument(loader[0], loader[1]);
      let target = argument;
      // `with open("/tmp/x.pkl", "rb") as handle: pickle.load(handle)`
      if (target?.type === 'identifier') {
        const value = context.lookup(target)?.value;
        if (value?.type === 'call' && /^(io\.|builtins\.)?open$/.test(context.callSite(value).callee ?? '')) target = context.callSite(value).argument(0, 'file') ?? target;
      }
      if (argument && target && tmpPath(target, context))
        context.report({
          node: argument,
          message: `${callee} loads a file from the shared /tmp folder; another user can replace it with one that runs code when loaded. Keep files you load back in a private folder (tempfile.mkdtemp()).`,
        });
      return;
    }
    const writer = WRITERS[callee] ?? WRITERS[`*.${call.method}`];
    if (!writer) return;
    const target = writer[0] === undefined ? call.receiver : call.argument(writer[0], writer[1]);
    if (target && tmpPath(target, context)) context.report({ node: target });
  },
});

function checkOpen(call: CallSite, context: RuleContext): void {
  const file = call.argument(0, 'file');
  if (!file || !tmpPath(file, context)) return;
  const mode = call.argument(1, 'mode');
  const value = mode ? context.valueOf(mode) : undefined;
  const text = value?.kind === 'string' ? value.value : mode ? undefined : 'r';
  if (text === undefined) return;
  if (/[wax+]/.test(text)) {
    context.report({ node: file });
    return;
  }
  // `pickle.load(open("/tmp/x.pkl", "rb"))`
  const outer = call.node.parent?.parent;
  if (outer?.type === 'call' && /^(pickle|dill|joblib|cloudpickle)\.load$/.test(context.callSite(outer).callee ?? ''))
    context.report({
      node: file,
      message: 'This unpickles a file from the shared /tmp folder; another user can replace it with one that runs code when loaded. Keep files you load back in a private folder (tempfile.mkdtemp()).',
    });
}

/** Whether `node` is a path in a shared temp folder: a literal, a constant, an f-string, `os.path.join("/tmp", ...)` or `Path("/tmp") / ...`. */
function tmpPath(node: Node, context: RuleContext, depth = 0): boolean {
  if (depth > 6) return false;
  // a unique part (uuid, pid, time, random token) makes the name unpredictable
  if (UNIQUE_PART.test(node.text)) return false;
  const value = context.valueOf(node);
  if (value.kind === 'string') return SHARED_TMP.test(value.value);
  if (value.kind === 'template') return SHARED_TMP.test(value.staticText) && templateStartsLiterally(value.node);
  if (node.type === 'parenthesized_expression' && node.namedChild(0)) return tmpPath(node.namedChild(0)!, context, depth + 1);
  if (node.type === 'call') {
    const site = context.callSite(node);
    // tempfile.gettempdir() is /tmp (or $TMPDIR): a fixed name joined to it is as shared
    if (site.callee === 'tempfile.gettempdir') return true;
    if (site.callee === 'os.path.join' || site.callee === 'pathlib.Path' || site.callee === 'pathlib.PurePath') return !!site.positional[0] && tmpPath(site.positional[0], context, depth + 1);
    return false;
  }
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '/') {
    const left = node.childForFieldName('left');
    return !!left && tmpPath(left, context, depth + 1);
  }
  if (node.type === 'identifier') {
    const binding = context.lookup(node);
    if (binding?.kind === 'assign' && binding.value && context.bindings(node.text).filter((b) => b.scope === binding.scope).length === 1) return tmpPath(binding.value, context, depth + 1);
  }
  return false;
}

/** `f"/tmp/{name}"` starts with literal text; `f"{base}/tmp/x"` does not. */
function templateStartsLiterally(node: Node): boolean {
  const first = node.type === 'string' ? node.children.find((c) => c?.type !== 'string_start') : node.namedChild(0);
  return !!first && (first.type === 'string_content' || first.type === 'string');
}
