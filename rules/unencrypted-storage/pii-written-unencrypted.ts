import { defineRule, type CallSite, type Node, type PersonalData, type RuleContext } from '../../server/src/engine/api';
import { columnList, describeData, encryptedWriteFix, firstPersonal, isTestFile } from '../pii-exposure/personal-data';

/** DataFrame writers: the path argument's keyword name. */
const FRAME_WRITERS: Record<string, string> = {
  to_csv: 'path_or_buf',
  to_parquet: 'path',
  to_json: 'path_or_buf',
  to_excel: 'excel_writer',
  to_pickle: 'path',
  to_feather: 'path',
  to_hdf: 'path_or_buf',
  to_orc: 'path',
  to_stata: 'path',
  to_xml: 'path_or_buffer',
  write_csv: 'file',
  write_parquet: 'file',
  write_json: 'file',
};
/** Formats the encrypted-write fix supports: the writer accepts a binary buffer. */
const BUFFER_WRITERS = new Set(['to_csv', 'to_parquet', 'to_json', 'to_excel', 'to_feather', 'numpy.save', 'numpy.savez', 'numpy.savez_compressed', 'numpy.savetxt', 'torch.save', 'joblib.dump']);

/** Functions that write their data argument (position, keyword) to a file argument (position, keyword). */
const FUNCTION_WRITERS: Record<string, { data: [number, string]; file: [number, string] }> = {
  'numpy.save': { data: [1, 'arr'], file: [0, 'file'] },
  'numpy.savez': { data: [1, 'arr'], file: [0, 'file'] },
  'numpy.savez_compressed': { data: [1, 'arr'], file: [0, 'file'] },
  'numpy.savetxt': { data: [1, 'X'], file: [0, 'fname'] },
  'torch.save': { data: [0, 'obj'], file: [1, 'f'] },
  'joblib.dump': { data: [0, 'value'], file: [1, 'filename'] },
  'pickle.dump': { data: [0, 'obj'], file: [1, 'file'] },
  'json.dump': { data: [0, 'obj'], file: [1, 'fp'] },
  'yaml.dump': { data: [0, 'data'], file: [1, 'stream'] },
  'yaml.safe_dump': { data: [0, 'data'], file: [1, 'stream'] },
};
/** Methods of files and writers: every argument is written. */
const STREAM_WRITES = [
  'open().write',
  'open().writelines',
  'pathlib.Path().write_text',
  'pathlib.Path().write_bytes',
  'csv.writer().writerow',
  'csv.writer().writerows',
  'csv.DictWriter().writerow',
  'csv.DictWriter().writerows',
  'io.open().write',
  'gzip.open().write',
  'codecs.open().write',
];

/** A file handle rather than a path (`with open(p, "w") as f: df.to_csv(f)`): the fix cannot rewrite it. */
function isHandle(node: Node, context: RuleContext): boolean {
  if (node.type !== 'identifier' && node.type !== 'attribute' && node.type !== 'call') return false;
  const qualified = context.qualifiedName(node) ?? '';
  if (/(?:^|\.)(?:open|ExcelWriter|HDFStore|BytesIO|StringIO|NamedTemporaryFile|TemporaryFile)\(\)$/.test(qualified)) return true;
  return /(?:^|_)(?:f|fh|fp|file|handle|writer|buffer|stream|out)$/i.test(node.text) && !/path|name|dir/i.test(node.text);
}

function report(call: CallSite, data: PersonalData, target: Node | undefined, context: RuleContext): void {
  if (isEncryptedOrInMemory(call, target, context)) return;
  const destination = target && /^["'](?:s3|gs|gcs|az|abfss?|hdfs):\/\//.test(target.text) ? 'to object storage' : 'to disk';
  const canFix = target && BUFFER_WRITERS.has(call.method) ? true : target && BUFFER_WRITERS.has(call.callee ?? '');
  const fix = canFix && target && destination === 'to disk' && !isHandle(target, context) ? encryptedWriteFix(call, target, context) : undefined;
  context.report({
    node: call.node,
    severity: data.evidence === 'name' ? 'info' : undefined,
    message: `${call.function.text.length <= 30 ? call.function.text : call.method} writes ${describeData(data)} ${destination} in clear text, readable by anyone who gets the file (backups, shared drives, a lost laptop); drop or mask ${columnList(data)}, or write it encrypted.`,
    fixes: fix ? [fix] : [],
  });
}

/** Writes into memory, or inside a helper that encrypts what is written (`save_encrypted(p, lambda buffer: df.to_csv(buffer))`). */
function isEncryptedOrInMemory(call: CallSite, target: Node | undefined, context: RuleContext): boolean {
  if (target && /(?:^|\.)(?:BytesIO|StringIO)\(\)$/.test(context.qualifiedName(target) ?? '')) return true;
  for (let node = call.node.parent; node; node = node.parent) {
    if (node.type === 'function_definition') return /encrypt/i.test(node.childForFieldName('name')?.text ?? '');
    if (node.type === 'call' && /encrypt/i.test(node.childForFieldName('function')?.text ?? '')) return true;
  }
  return false;
}

export default defineRule({
  id: 'pii-written-unencrypted',
  category: 'unencrypted-storage',
  severity: 'warning',
  cwe: 312,
  message: 'This writes personal data to a file in clear text; drop or mask the personal columns, or write it encrypted.',
  fixable: true,
  docs: {
    what: 'Finds personal data written to files without encryption: DataFrame `to_csv`, `to_parquet`, `to_json`, `to_excel`, `to_pickle`, `to_feather`, `to_hdf`...; `np.save` / `savez` / `savetxt`, `torch.save`, `joblib.dump`, `pickle.dump`, `json.dump`, `yaml.dump`; `open(..., "w").write`, `Path.write_text`, `csv.writer(...).writerow(s)`. The data is personal when it holds columns named like personal data (see [personal data](../personal-data.md)); it stops being personal once those columns are dropped, masked or hashed with a key.',
    why: 'Intermediate files outlive the pipeline that wrote them: `clean_customers.csv` is copied to shared drives, laptops, backups and buckets, none of which apply the access control of the source database. In clear text, anyone who gets a copy reads every email and phone number in it.',
    fix: "Best: do not write the identifying columns (drop them, or replace them with a keyed hash, before saving features). When the file must hold them, encrypt it. The fix rewrites the call as `save_encrypted(path, lambda buffer: df.to_csv(buffer, ...))`, adding a small helper that encrypts the bytes with `cryptography`'s Fernet and a key from the `SECURE_ML_DATA_KEY` environment variable (create one with `Fernet.generate_key()`); readers decrypt with `Fernet(key).decrypt(...)`. Because readers must change too, the fix is offered, not applied by fix-all.",
    example: {
      bad: 'import pandas as pd\ncustomers = pd.read_csv("raw.csv", usecols=["email", "age", "spend"])\ncustomers.to_csv("features.csv", index=False)',
      good: 'import pandas as pd\ncustomers = pd.read_csv("raw.csv", usecols=["email", "age", "spend"])\ncustomers.drop(columns=["email"]).to_csv("features.csv", index=False)',
    },
    references: ['https://cwe.mitre.org/data/definitions/312.html', 'https://cryptography.io/en/latest/fernet/'],
  },
  calls: [...Object.keys(FRAME_WRITERS).map((m) => `*.${m}`), ...Object.keys(FUNCTION_WRITERS), ...STREAM_WRITES],
  onCall(call, context) {
    if (isTestFile(context.document.path)) return;
    const callee = call.callee ?? '';
    const functionWriter = FUNCTION_WRITERS[callee];
    if (functionWriter) {
      const [dataAt, dataName] = functionWriter.data;
      const [fileAt, fileName] = functionWriter.file;
      const target = call.argument(fileAt, fileName);
      if (!target) return; // yaml.dump(data) returns a string
      const data = callee === 'numpy.savez' || callee === 'numpy.savez_compressed' ? firstPersonal(call.positional.slice(1), context) : firstPersonal([call.argument(dataAt, dataName)], context);
      if (data) report(call, data.data, target, context);
      return;
    }
    if (STREAM_WRITES.includes(callee)) {
      const found = firstPersonal(call.positional, context);
      if (found) report(call, found.data, undefined, context);
      return;
    }
    const pathKeyword = FRAME_WRITERS[call.method];
    if (!pathKeyword || !call.receiver) return;
    const target = call.argument(0, pathKeyword);
    if (!target || target.type === 'none') return; // to_csv() / to_json() without a path return a string
    const data = context.personalData(call.receiver);
    if (data && data.shape !== 'value') report(call, data, target, context);
  },
});
