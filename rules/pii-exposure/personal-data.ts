import type { CallSite, Fix, Node, PersonalData, RuleContext, UnitEdit } from '../../server/src/engine/api';

/**
 * What the personal-data rules (pii-exposure and unencrypted-storage) share: how they name the
 * data in a message, and the helper-based fixes (mask before showing, encrypt before writing).
 * The model itself lives in the engine (`server/src/engine/sensitive-data.ts`).
 */

const MAX_LISTED = 4;

/**
 * Test code builds synthetic people (`"email": [f"user{i}@example.com" ...]`) and writes them to
 * temporary folders: the personal-data rules do not run on test modules (`test_*.py`,
 * `*_test.py`, `tests.py`, `conftest.py`).
 */
export function isTestFile(filePath: string): boolean {
  return /(?:^|[\\/])(?:test_[^\\/]*|[^\\/]*_test|tests|conftest)\.py$/i.test(filePath);
}

/** `email, phone` / `email, phone, ssn, dob and 2 more`, quoted as code. */
export function columnList(data: PersonalData): string {
  const shown = data.columns.slice(0, MAX_LISTED).map((c) => `\`${c}\``);
  const more = data.columns.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** "personal data (`email`, `phone`)" or, for a variable judged by its name, "a value named like personal data (`user_email`)". */
export function describeData(data: PersonalData): string {
  if (data.evidence === 'name') return `a value named like personal data (${columnList(data)})`;
  const what = data.shape === 'value' ? 'a personal record' : data.shape === 'column' ? 'a column of personal data' : 'personal data';
  return `${what} (${columnList(data)})`;
}

/** What to do about it, in the terms of the data's shape. */
export function advice(data: PersonalData): string {
  return data.shape === 'value' ? 'leave it out or mask it' : 'drop or mask those columns first';
}

/** The first argument among `nodes` that carries personal data, with the data. */
export function firstPersonal(nodes: readonly (Node | undefined)[], context: RuleContext): { node: Node; data: PersonalData } | undefined {
  for (const node of nodes) {
    if (!node) continue;
    const data = context.personalData(node);
    if (data) return { node, data };
  }
  return undefined;
}

/** Every argument value of a call: positional, then keyword values (except `skip`). */
export function argumentValues(call: CallSite, skip: readonly string[] = []): Node[] {
  const values: Node[] = [...call.positional];
  const args = call.node.childForFieldName('arguments');
  for (const child of args?.namedChildren ?? []) {
    if (child?.type !== 'keyword_argument') continue;
    const name = child.childForFieldName('name')?.text ?? '';
    const value = child.childForFieldName('value');
    if (value && !skip.includes(name)) values.push(value);
  }
  return values;
}

const MASK_HELPER = `
def mask_pii(value):
    """Hide a personal value (or a column or records of them) before it is shown."""
    return "***"
`;

/**
 * A fix that stops showing the personal data: a DataFrame is shown without the personal columns
 * (`df.head().drop(columns=[...], errors="ignore")`, no helper needed); anything else is wrapped
 * in a `mask_pii(...)` helper that shows `***`. Undefined for f-strings and literals, where
 * wrapping would hide the whole message. In a notebook the cell's saved outputs are cleared too.
 */
export function maskFix(node: Node, data: PersonalData, context: RuleContext): Fix | undefined {
  if (!['identifier', 'attribute', 'subscript', 'call'].includes(node.type)) return undefined;
  const clear = context.document.kind === 'notebook' ? { clearOutputs: [context.unit.index] } : {};
  if (data.frame && data.evidence === 'data') {
    const names = data.columns.map((c) => JSON.stringify(c)).join(', ');
    return {
      title: `Show it without ${columnList(data)}`,
      safe: false,
      edits: [context.edits.insertAt(node.endIndex, `.drop(columns=[${names}], errors="ignore")`)],
      ...clear,
    };
  }
  const edits: UnitEdit[] = [...context.edits.ensureDefinition('mask_pii', MASK_HELPER), context.edits.replace(node, `mask_pii(${node.text})`)];
  return { title: `Mask ${columnList(data)} before showing it (adds a mask_pii helper)`, safe: false, edits, ...clear };
}

/** The name of the environment variable that holds the Fernet key of the encrypted-write fix. */
export const DATA_KEY_VARIABLE = 'SECURE_ML_DATA_KEY';

/** Python of the `save_encrypted` helper, given the names under which `io`, `os` and `Fernet` are reachable. */
export function saveEncryptedHelper(io: string, os: string, fernet: string): string {
  return `
def save_encrypted(path, write):
    """Write what write(buffer) produces to path, encrypted with the Fernet key in ${DATA_KEY_VARIABLE}; read it back with Fernet(key).decrypt(data)."""
    buffer = ${io}.BytesIO()
    write(buffer)
    token = ${fernet}(${os}.environ["${DATA_KEY_VARIABLE}"]).encrypt(buffer.getvalue())
    with open(path, "wb") as handle:
        handle.write(token)
`;
}

/**
 * Rewrites a write call as `save_encrypted(PATH, lambda buffer: CALL_WITH_buffer_FOR_PATH)`,
 * defining the helper and its imports in the file. `target` is the path argument node.
 */
export function encryptedWriteFix(call: CallSite, target: Node, context: RuleContext): Fix | undefined {
  const statement = call.node.parent;
  if (statement?.type !== 'expression_statement') return undefined; // the call's value is used: keep it
  const io = context.edits.ensureImport('io');
  const os = context.edits.ensureImport('os');
  const fernet = context.edits.ensureImport('cryptography.fernet', 'Fernet');
  const parameter = /\bbuffer\b/.test(call.node.text) ? 'encrypted_buffer' : 'buffer';
  const start = call.node.startIndex;
  const callText = call.node.text;
  const rewritten = callText.slice(0, target.startIndex - start) + parameter + callText.slice(target.endIndex - start);
  const edits: UnitEdit[] = [
    ...io.edits,
    ...os.edits,
    ...fernet.edits,
    ...context.edits.ensureDefinition('save_encrypted', saveEncryptedHelper(io.reference, os.reference, fernet.reference)),
    context.edits.replace(call.node, `save_encrypted(${target.text}, lambda ${parameter}: ${rewritten})`),
  ];
  return { title: `Write it encrypted (Fernet key from ${DATA_KEY_VARIABLE}; readers must decrypt)`, safe: false, edits };
}
