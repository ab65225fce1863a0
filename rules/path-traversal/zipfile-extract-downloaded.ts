import { defineRule, type Node, type RuleContext } from '../../server/src/engine/api';
import { documentMatches } from '../lib/gate';
import { isDownloaded, requestSource } from '../lib/sources';

/** Checked once per document before any call is looked at. */
const MENTIONS_ZIP = /zipfile|ZipFile/;

export default defineRule({
  id: 'zipfile-extract-downloaded',
  category: 'path-traversal',
  severity: 'warning',
  cwe: 22,
  message: 'This extracts a zip archive downloaded from the network without looking at its members first; check names and sizes (infolist) before extracting.',
  docs: {
    what: 'Finds `ZipFile.extractall` / `extract` on an archive that was just downloaded (`requests`, `urlretrieve`, `wget`, `gdown`, `hf_hub_download`, `io.BytesIO(response.content)`, or a `!wget` / `!curl` / `!gdown` of that file name in a notebook) or uploaded to a web handler, when no member check precedes it. Archives opened from local paths your code wrote are not reported.',
    why: 'zipfile drops `..` and absolute paths from member names, but it extracts whatever else the archive holds: it overwrites files of the same name in the target folder (code, configs, other datasets), and a small archive can expand to fill the disk (a zip bomb). An archive from a mirror, a shared link or an upload is data from someone else.',
    fix: 'Inspect `infolist()` first: refuse names that are absolute or contain `..`, cap the total `file_size` and the number of members, then extract into a fresh folder (`tempfile.mkdtemp()`). Verify a published checksum of the download before opening it.',
    example: {
      bad: 'import io, zipfile, requests\nresponse = requests.get(DATA_URL, timeout=60)\nzipfile.ZipFile(io.BytesIO(response.content)).extractall("data")',
      good: 'import io, zipfile, requests\nresponse = requests.get(DATA_URL, timeout=60)\narchive = zipfile.ZipFile(io.BytesIO(response.content))\nif sum(i.file_size for i in archive.infolist()) > MAX_BYTES:\n    raise ValueError("archive too large")\narchive.extractall(fresh_dir)',
    },
    references: ['https://docs.python.org/3/library/zipfile.html#zipfile-resources-limitations', 'https://cwe.mitre.org/data/definitions/409.html'],
  },
  calls: ['*.extractall', '*.extract'],
  onCall(call, context) {
    if (!documentMatches(context, MENTIONS_ZIP)) return;
    const receiver = call.receiver;
    const owner = receiver ? context.qualifiedName(receiver) : undefined;
    if (!owner || !/^zipfile\.ZipFile(\.open)?\(\)$/.test(owner)) return;
    // the archive: the ZipFile(...) call behind the receiver
    const archiveCall = zipFileCall(receiver!, context);
    const source = archiveCall ? context.callSite(archiveCall).argument(0, 'file') : undefined;
    if (!source) return;
    const uploaded = requestSource(source, context);
    if (!uploaded && !isDownloaded(source, context)) return;
    if (memberCheck(call.node, receiver!.text)) return;
    context.report({
      node: call.node,
      message: uploaded ? 'This extracts a zip archive uploaded by the client without looking at its members; check names and sizes (infolist) before extracting, into a fresh folder.' : undefined,
    });
  },
});

function zipFileCall(receiver: Node, context: RuleContext) {
  if (receiver.type === 'call') return receiver;
  if (receiver.type === 'identifier') {
    const binding = context.lookup(receiver);
    const value = binding?.value;
    if (value?.type === 'call') return value;
  }
  return undefined;
}

/** `for info in archive.infolist(): ...` or a size/name check on the archive before extracting. */
function memberCheck(call: Node, name: string): boolean {
  let scope = call.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  if (!scope) return false;
  const before = scope.text.slice(0, call.startIndex - scope.startIndex);
  return new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(infolist|namelist)\\(\\)`).test(before);
}
