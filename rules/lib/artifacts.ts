import { scopeOf, type CallSite, type Node, type RuleContext, type Value } from '../../server/src/engine/api';

/**
 * What the unpinned-artifact and remote-code rules need to know about model and dataset
 * references: is a string a Hugging Face Hub id or a local path, is a revision a pin, and does
 * the code around a download check a checksum.
 */

export type Reference = { kind: 'hub'; id: string } | { kind: 'local' } | { kind: 'unknown' };

/** First path segments that name a local folder, not a Hub organisation. */
const LOCAL_FOLDERS = new Set([
  'checkpoint',
  'checkpoints',
  'ckpt',
  'ckpts',
  'output',
  'outputs',
  'out',
  'results',
  'result',
  'runs',
  'run',
  'saved',
  'saved_models',
  'save',
  'tmp',
  'temp',
  'data',
  'datasets',
  'dataset',
  'models',
  'model',
  'weights',
  'exp',
  'exps',
  'experiments',
  'artifacts',
  'artefacts',
  'cache',
  'logs',
  'local',
  'finetuned',
  'fine_tuned',
  'pretrained',
  'resources',
  'assets',
  'mlruns',
  'lightning_logs',
  'wandb',
  'src',
  'notebooks',
  'content', // Colab's /content without the slash
  'drive',
]);

/** Model ids from before the Hub had organisations (still resolved by the Hub). */
const LEGACY_MODEL = /^(bert|distilbert|roberta|distilroberta|gpt2|distilgpt2|openai-gpt|t5|xlnet|xlm|albert|ctrl|transfo-xl|camembert|flaubert|bart|electra|longformer|deberta)(-[\w.-]+)?$/i;

/** `load_dataset` builder names that read local files, not Hub datasets. */
const PACKAGED_BUILDERS = new Set([
  'csv',
  'json',
  'parquet',
  'text',
  'pandas',
  'arrow',
  'imagefolder',
  'audiofolder',
  'videofolder',
  'webdataset',
  'sql',
  'generator',
  'spark',
  'xml',
  'hdf5',
  'cache',
  'folder',
  'tsv',
  'jsonl',
]);

const FILE_EXTENSION = /\.(bin|pt|pth|ckpt|safetensors|gguf|ggml|onnx|h5|hdf5|keras|json|jsonl|csv|tsv|txt|parquet|arrow|zip|tar|gz|tgz|pkl|pickle|joblib|npz|npy|model|msgpack|yaml|yml)$/i;

/**
 * Whether a string names something on the Hub (`org/name`, a legacy model id, a Hub dataset) or
 * a local path. `dataset` accepts single-segment names (`imdb`, `glue`), which for models are
 * too often folder names (`model`, `outputs`).
 */
export function classifyReferenceText(text: string, dataset: boolean): Reference {
  const value = text.trim();
  if (!value) return { kind: 'unknown' };
  if (/^(\.{1,2}[\\/]|[\\/~]|[A-Za-z]:[\\/]|\.$|file:)/.test(value) || value.includes('\\')) return { kind: 'local' };
  if (/^(https?|s3|gs|gcs|hf|az|abfss?):\/\//i.test(value)) return { kind: 'unknown' };
  if (FILE_EXTENSION.test(value)) return { kind: 'local' };
  const segments = value.split('/');
  if (segments.length > 2 || segments.some((s) => s === '' || s === '.' || s === '..')) return { kind: 'local' };
  if (!segments.every((s) => /^[A-Za-z0-9][\w.-]*$/.test(s) || s === '{}')) return { kind: 'unknown' };
  if (segments.length === 2) {
    if (segments[0] === '{}') return { kind: 'unknown' };
    if (LOCAL_FOLDERS.has(segments[0].toLowerCase())) return { kind: 'local' };
    return { kind: 'hub', id: value };
  }
  if (value.includes('{}')) return { kind: 'unknown' };
  if (dataset) {
    if (PACKAGED_BUILDERS.has(value.toLowerCase()) || LOCAL_FOLDERS.has(value.toLowerCase())) return { kind: 'local' };
    return { kind: 'hub', id: value };
  }
  return LEGACY_MODEL.test(value) ? { kind: 'hub', id: value } : { kind: 'unknown' };
}

/** sentence-transformers resolves a bare name (`all-MiniLM-L6-v2`) to `sentence-transformers/<name>` on the Hub. */
export function classifySentenceTransformer(text: string): Reference {
  const reference = classifyReferenceText(text, false);
  if (reference.kind !== 'unknown' || text.includes('/')) return reference;
  return /^[A-Za-z0-9][\w.]*-[\w.-]+$/.test(text) && !/^checkpoint-/i.test(text) ? { kind: 'hub', id: text } : reference;
}

/** Local path builders: a value made by these is never a Hub id. */
const PATH_CALLS = /^(os\.path\.|pathlib\.|os\.getcwd|os\.fspath|tempfile\.|os\.environ\.get|os\.getenv)/;

/** What a model/dataset argument refers to. Parameters, attributes and opaque calls are unknown. */
/** `shortNames`: bare names are Hub ids too (sentence-transformers). */
export function classifyReference(node: Node, context: RuleContext, dataset: boolean, shortNames = false): Reference {
  const value = node.type === 'subscript' ? constantEntry(node, context) : context.valueOf(node);
  return value ? classifyValue(value, context, dataset, shortNames) : { kind: 'unknown' };
}

/** `CFG["model"]` where `CFG` is a dict literal assigned once: the entry's value. */
function constantEntry(node: Node, context: RuleContext): Value | undefined {
  const object = node.childForFieldName('value');
  const key = node.childForFieldName('subscript');
  if (!object || !key) return undefined;
  const container = context.valueOf(object);
  const wanted = context.valueOf(key);
  if (container.kind !== 'dict' || wanted.kind !== 'string') return undefined;
  return container.entries.find((e) => e.key.kind === 'string' && e.key.value === wanted.value)?.value;
}

function classifyValue(value: Value, context: RuleContext, dataset: boolean, shortNames: boolean): Reference {
  switch (value.kind) {
    case 'string': {
      const reference = shortNames ? classifySentenceTransformer(value.value) : classifyReferenceText(value.value, dataset);
      if (reference.kind === 'hub' && savedLocally(reference.id, context)) return { kind: 'local' };
      return reference;
    }
    case 'template':
      return classifyReferenceText(value.staticText, dataset);
    case 'call':
      return value.callee && PATH_CALLS.test(value.callee) ? { kind: 'local' } : { kind: 'unknown' };
    case 'name':
      return { kind: 'unknown' };
    default:
      return { kind: 'unknown' };
  }
}

/** Whether the program saves to the same path (`save_pretrained("org/name")`, `output_dir="org/name"`): then it is a folder. */
function savedLocally(id: string, context: RuleContext): boolean {
  for (const unit of context.document.units) {
    if (unit.language !== 'python' || !unit.code.includes(id)) continue;
    const quoted = new RegExp(`(save_pretrained|save_to_disk|output_dir|save_model|save|dump|to_json_file|local_dir|cache_dir)\\s*(\\(|=)\\s*(\\w+\\s*=\\s*)?[rfbu]?["']${escape(id)}["']`);
    if (quoted.test(unit.code)) return true;
  }
  return false;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type RevisionStatus = { kind: 'absent' } | { kind: 'pinned' } | { kind: 'moving'; text: string; why: string } | { kind: 'configured' };

const COMMIT = /^[0-9a-f]{40}$/;

/** Whether a `revision=` argument pins a commit. A variable is configuration: the caller chose. */
export function revisionStatus(call: CallSite, context: RuleContext, keyword = 'revision', kwargsDict?: string): RevisionStatus {
  // `HuggingFaceEmbeddings(model_name=..., model_kwargs={"revision": "<sha>"})`
  const nested = kwargsDict ? call.keyword(kwargsDict) : undefined;
  if (nested) {
    const dict = context.valueOf(nested);
    if (dict.kind !== 'dict') return { kind: 'configured' };
    const entry = dict.entries.find((e) => e.key.kind === 'string' && e.key.value === keyword)?.value;
    if (entry) return entry.kind === 'string' ? refStatus(entry.value) : entry.kind === 'none' ? { kind: 'absent' } : { kind: 'configured' };
  }
  const node = call.keyword(keyword);
  if (!node) return call.hasSplat ? { kind: 'configured' } : { kind: 'absent' };
  const value = context.valueOf(node);
  if (value.kind === 'none') return { kind: 'absent' };
  if (value.kind !== 'string') return { kind: 'configured' };
  return refStatus(value.value);
}

/** A git ref as a pin: only a full commit sha is one. */
export function refStatus(ref: string): RevisionStatus {
  if (COMMIT.test(ref)) return { kind: 'pinned' };
  if (/^[0-9a-f]{7,39}$/.test(ref)) return { kind: 'moving', text: ref, why: 'a short commit hash is not accepted as a pin; use the full 40-character sha' };
  if (/^(main|master|dev|develop|latest|HEAD|trunk)$/i.test(ref)) return { kind: 'moving', text: ref, why: `"${ref}" is a branch, and a branch moves with every push` };
  if (/^(refs\/pr\/|pr\/)/.test(ref)) return { kind: 'moving', text: ref, why: `"${ref}" is a pull-request ref that its author can push to` };
  return { kind: 'moving', text: ref, why: `"${ref}" is a branch or tag name, and the repository owner can move it` };
}

const CHECKSUM_CALL = /sha\d+|sha3|md5|blake2|crc32|digest|checksum|integrity|hash|verify_(file|download|signature)|check_file/i;

/** The function around `node` (or its module-level unit) calls something that computes or checks a digest. */
export function checksumNearby(node: Node, context: RuleContext): boolean {
  let scope = scopeOf(node);
  while (scope && scope.type === 'lambda') scope = scopeOf(scope);
  const root = scope ?? node.tree.rootNode;
  for (const call of context.callsWithin(root)) {
    const callee = call.callee ?? '';
    if (callee === 'hash') continue;
    if (callee.startsWith('hashlib.') || callee.startsWith('hmac.') || CHECKSUM_CALL.test(call.method)) return true;
  }
  // a notebook often checks the download in the cell after it
  return !scope && context.document.kind === 'notebook' && checksumInNextCell(context, context.unit.index);
}

const CHECKSUM_TEXT = /hashlib\.|hexdigest|compare_digest|sha\d+sum|md5sum|shasum|checksum|verify_(file|download)/;

/** The next code cell of a notebook checks a digest (in code or in a `!sha256sum` line). */
export function checksumInNextCell(context: RuleContext, index: number): boolean {
  for (let next = index + 1; ; next++) {
    const unit = context.unitAt(next);
    if (!unit) return false;
    if (unit.cellType !== 'code') continue;
    return CHECKSUM_TEXT.test(withoutComments(unit.text));
  }
}

/** Code without `#` comments (a comment that mentions a checksum is not a check). */
export function withoutComments(text: string): string {
  return text.replace(/(^|\s)#.*$/gm, '$1');
}
