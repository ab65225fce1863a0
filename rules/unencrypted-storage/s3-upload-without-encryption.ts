import { defineRule, type CallSite, type Fix, type Node, type RuleContext } from '../../server/src/engine/api';
import { describeData } from '../pii-exposure/personal-data';

/** boto3 S3 calls: the keyword that carries the encryption settings. */
const UPLOADS: Record<string, 'kwarg' | 'extra'> = {
  'boto3.client().put_object': 'kwarg',
  'boto3.client().upload_file': 'extra',
  'boto3.client().upload_fileobj': 'extra',
  'boto3.client().create_multipart_upload': 'kwarg',
  'boto3.resource().Bucket().put_object': 'kwarg',
  'boto3.resource().Bucket().upload_file': 'extra',
  'boto3.resource().Bucket().upload_fileobj': 'extra',
  'boto3.resource().Object().put': 'kwarg',
  'boto3.resource().Object().upload_file': 'extra',
  'boto3.resource().Object().upload_fileobj': 'extra',
};
const SESSIONS = ['boto3.Session()', 'boto3.session.Session()'];
const ENCRYPTION_KEYS = ['ServerSideEncryption', 'SSECustomerKey', 'SSEKMSKeyId'];

/** The upload kind of a resolved callee, sessions included (`boto3.Session().client().put_object`). */
function uploadKind(callee: string | undefined): 'kwarg' | 'extra' | undefined {
  if (!callee) return undefined;
  for (const session of SESSIONS) if (callee.startsWith(`${session}.`)) return UPLOADS[`boto3.${callee.slice(session.length + 1)}`];
  return UPLOADS[callee];
}

function kmsEdits(call: CallSite, kind: 'kwarg' | 'extra', algorithm: string, context: RuleContext): Fix['edits'] | undefined {
  if (kind === 'kwarg') return context.edits.setKeyword(call, 'ServerSideEncryption', JSON.stringify(algorithm));
  const extra = call.keyword('ExtraArgs');
  if (!extra) return context.edits.setKeyword(call, 'ExtraArgs', `{"ServerSideEncryption": ${JSON.stringify(algorithm)}}`);
  if (extra.type !== 'dictionary') return undefined;
  const open = extra.child(0);
  const empty = extra.namedChildren.filter((c) => c && c.type !== 'comment').length === 0;
  return open ? [context.edits.insertAt(open.endIndex, `"ServerSideEncryption": ${JSON.stringify(algorithm)}${empty ? '' : ', '}`)] : undefined;
}

/** Whether the call asks for encryption, or passes settings the rule cannot see (`**kwargs`, `ExtraArgs=extra`). */
function encryption(call: CallSite, kind: 'kwarg' | 'extra', context: RuleContext): 'yes' | 'no' | 'unknown' {
  if (call.hasSplat) return 'unknown';
  if (kind === 'kwarg') return ENCRYPTION_KEYS.some((k) => call.keyword(k)) ? 'yes' : 'no';
  const extra = call.keyword('ExtraArgs');
  if (!extra) return 'no';
  const value = context.valueOf(extra);
  if (value.kind !== 'dict') return 'unknown';
  if (value.node.type === 'dictionary' && value.node.namedChildren.some((c) => c?.type === 'dictionary_splat')) return 'unknown';
  return value.entries.some((e) => e.key.kind === 'string' && ENCRYPTION_KEYS.includes(e.key.value)) ? 'yes' : 'no';
}

function uploadedData(call: CallSite, kind: 'kwarg' | 'extra', context: RuleContext): ReturnType<RuleContext['personalData']> {
  const body: Node | undefined = kind === 'kwarg' ? call.keyword('Body') : call.argument(0, 'Fileobj');
  return body ? context.personalData(body) : undefined;
}

export default defineRule({
  id: 's3-upload-without-encryption',
  category: 'unencrypted-storage',
  severity: 'info',
  cwe: 311,
  message: 'This S3 upload does not ask for server-side encryption; pass ServerSideEncryption="aws:kms" so the object is encrypted under a key whose use you control and audit.',
  fixable: true,
  docs: {
    what: "Finds boto3 S3 uploads that do not request server-side encryption: `put_object`, `create_multipart_upload` and `Object.put` without `ServerSideEncryption` (or SSE-C `SSECustomerKey`), `upload_file` / `upload_fileobj` without it in `ExtraArgs`; clients from `boto3.client`, `boto3.resource` and sessions. Not reported when the program sets the bucket's default encryption (`put_bucket_encryption`) or passes the settings through `**kwargs` or a variable the rule cannot read. Severity rises to warning when the uploaded body is personal data.",
    why: 'Since January 2023 S3 encrypts new objects with S3-managed keys (SSE-S3) when nothing is asked, which protects the disks but not the data: anyone with read access to the bucket reads it, and no key policy or audit trail stands between a leaked credential and the objects. Requesting SSE-KMS makes every read go through a key you control, whose use is logged in CloudTrail and can be revoked; buckets in older accounts or with other defaults may not encrypt at all.',
    fix: 'Pass `ServerSideEncryption="aws:kms"` (optionally `SSEKMSKeyId=` for a customer-managed key) to `put_object` / `Object.put`, or `ExtraArgs={"ServerSideEncryption": "aws:kms"}` to `upload_file` / `upload_fileobj`; the role then needs `kms:GenerateDataKey`. Or set default encryption on the bucket. The first fix adds `aws:kms`; a second, applied by fix-all, adds `AES256` (SSE-S3), which needs no new permission.',
    example: {
      bad: 'import boto3\ns3 = boto3.client("s3")\ns3.upload_file("model.pt", "ml-artifacts", "models/model.pt")',
      good: 'import boto3\ns3 = boto3.client("s3")\ns3.upload_file("model.pt", "ml-artifacts", "models/model.pt", ExtraArgs={"ServerSideEncryption": "aws:kms"})',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html',
      'https://cwe.mitre.org/data/definitions/311.html',
    ],
  },
  calls: ['*.put_object', '*.upload_file', '*.upload_fileobj', '*.put', '*.create_multipart_upload'],
  onCall(call, context) {
    const kind = uploadKind(call.callee);
    if (!kind || encryption(call, kind, context) !== 'no') return;
    if (context.document.units.some((u) => u.code.includes('put_bucket_encryption'))) return;
    const data = uploadedData(call, kind, context);
    const fixes: Fix[] = [];
    const kms = kmsEdits(call, kind, 'aws:kms', context);
    if (kms) fixes.push({ title: 'Request SSE-KMS encryption (ServerSideEncryption="aws:kms"; the role needs kms:GenerateDataKey)', safe: false, edits: kms });
    const s3 = kmsEdits(call, kind, 'AES256', context);
    if (s3) fixes.push({ title: 'Request SSE-S3 encryption (ServerSideEncryption="AES256")', safe: true, edits: s3 });
    context.report({
      node: call.node,
      severity: data ? 'warning' : undefined,
      message: data
        ? `This S3 upload of ${describeData(data)} does not ask for server-side encryption; pass ServerSideEncryption="aws:kms" so reading it needs a key you control and audit.`
        : undefined,
      fixes,
    });
  },
});
