import { defineRule, stringParts, type CallSite, type Node, type RuleContext } from '../../server/src/engine/api';
import { checksumInNextCell, checksumNearby, withoutComments } from '../lib/artifacts';

/** Download helpers with an integrity parameter: [position, keyword] of each hash argument. */
const WITH_HASH_PARAMETER: Record<string, { hashes: [number | undefined, string][]; advice: string }> = {
  'keras.utils.get_file': {
    hashes: [
      [3, 'md5_hash'],
      [4, 'file_hash'],
    ],
    advice: 'pass file_hash="<sha256>"',
  },
  'keras.utils.data_utils.get_file': {
    hashes: [
      [3, 'md5_hash'],
      [4, 'file_hash'],
    ],
    advice: 'pass file_hash="<sha256>"',
  },
  'keras.utils.file_utils.get_file': {
    hashes: [
      [3, 'md5_hash'],
      [4, 'file_hash'],
    ],
    advice: 'pass file_hash="<sha256>"',
  },
  'torch.hub.download_url_to_file': { hashes: [[2, 'hash_prefix']], advice: 'pass hash_prefix= with the start of its SHA-256' },
  'torchvision.datasets.utils.download_url': { hashes: [[3, 'md5']], advice: 'pass md5= with its known digest' },
  'torchvision.datasets.utils.download_and_extract_archive': { hashes: [[4, 'md5']], advice: 'pass md5= with its known digest' },
  'torchvision.datasets.utils.download_file_from_google_drive': { hashes: [[3, 'md5']], advice: 'pass md5= with its known digest' },
  'torch.hub.load_state_dict_from_url': { hashes: [[4, 'check_hash']], advice: 'pass check_hash=True (with the SHA-256 prefix in the file name) or verify the file yourself' },
  'torch.utils.model_zoo.load_url': { hashes: [[4, 'check_hash']], advice: 'pass check_hash=True (with the SHA-256 prefix in the file name) or verify the file yourself' },
  'gdown.cached_download': {
    hashes: [
      [2, 'md5'],
      [undefined, 'hash'],
    ],
    advice: 'pass hash="sha256:<digest>"',
  },
};

/** Downloaders with no integrity parameter: only a check in the same function makes them safe. */
const PLAIN_DOWNLOADERS = ['urllib.request.urlretrieve', 'urllib.urlretrieve', 'six.moves.urllib.request.urlretrieve', 'wget.download', 'gdown.download'];

const RESPONSE_CALL = /^(requests|httpx|urllib3|aiohttp)\.|^urllib\.request\.urlopen|^urllib2\.urlopen|^six\.moves\.urllib\.request\.urlopen/;
/** Files that are web pages or pictures, not models, archives or data sets. */
const NOT_AN_ARTIFACT = /\.(html?|png|jpe?g|gif|svg|ico|css|js|webp|bmp|pdf|md)(\?.*)?$/i;

export default defineRule({
  id: 'download-without-checksum',
  category: 'unpinned-artifact',
  severity: 'warning',
  cwe: 494,
  message: 'This file is downloaded and used without checking its checksum, so a changed or tampered model, archive or data set is used as is; compare its SHA-256 with a known value.',
  docs: {
    what: 'Finds downloads of models, archives and data sets that are not checked against a known digest: `urllib.request.urlretrieve`, `wget.download`, `gdown.download`, `requests`/`httpx`/`urlopen` responses written to a file, and `keras.utils.get_file`, `torch.hub.download_url_to_file`, `torch.hub.load_state_dict_from_url` and torchvision `download_url` / `download_and_extract_archive` called without their hash parameter. A download is not reported when its hash parameter is given (`file_hash=`, `hash_prefix=`, `md5=`, `check_hash=True`) or when the same function computes or compares a digest (`hashlib`, `hmac.compare_digest`, a helper named like `verify_checksum`). Web pages and images are not reported.',
    why: 'A URL names a location, not content. The file behind it can be replaced on the server, in a cache, or in transit, and pickled weights or archives then run code or poison training. A checksum recorded when the file was reviewed turns any change into an error instead of a silent substitution.',
    fix: 'Record the SHA-256 of the file you reviewed and check it after downloading: use the hash parameter of the helper (`get_file(..., file_hash=)`, `download_url_to_file(..., hash_prefix=)`, `download_url(..., md5=)`), or compute `hashlib.sha256` over the file and compare with `hmac.compare_digest` before using it.',
    example: {
      bad: 'import urllib.request\n\ndef fetch(url, path):\n    urllib.request.urlretrieve(url, path)\n    return path',
      good: 'import hashlib\nimport hmac\nimport urllib.request\n\nEXPECTED_SHA256 = "9f2c..."\n\ndef fetch(url, path):\n    urllib.request.urlretrieve(url, path)\n    with open(path, "rb") as f:\n        digest = hashlib.sha256(f.read()).hexdigest()\n    if not hmac.compare_digest(digest, EXPECTED_SHA256):\n        raise ValueError(f"checksum mismatch for {path}")\n    return path',
    },
    references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://pytorch.org/docs/stable/hub.html#torch.hub.download_url_to_file'],
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    // `!wget URL`, `!curl -L URL -o file`, `!gdown ID`, and the same lines in a %%bash cell
    if (unit.magics.length === 0) return;
    if (SHELL_CHECKSUM.test(withoutComments(unit.text)) || checksumInNextCell(context, unit.index)) return;
    for (const magic of unit.magics) {
      const shell =
        magic.prefix === '!'
          ? [{ text: magic.args, offset: magic.endOffset - magic.args.length }]
          : magic.kind === 'cell' && /^(bash|sh|script)$/.test(magic.name)
            ? shellLines(magic.args, magic.endOffset - magic.args.length)
            : [];
      for (const line of shell) {
        const match = /^\s*(wget|curl|gdown)\b.*$/.exec(line.text);
        if (!match || NOT_AN_ARTIFACT.test(urlOf(line.text)) || !savesOrRuns(match[1], line.text)) continue;
        context.report({
          unit: unit.index,
          range: unit.lines.rangeOf(line.offset, line.offset + match[0].length),
          message: `${match[1]} downloads this file in the notebook and no cell near it checks its checksum, so a changed or tampered model, archive or data set is used as is; add \`sha256sum -c\` or a hashlib check with the expected digest.`,
        });
      }
    }
  },
  calls: [...Object.keys(WITH_HASH_PARAMETER), ...PLAIN_DOWNLOADERS, '*.write', '*.write_bytes', 'shutil.copyfileobj'],
  onCall(call, context) {
    const callee = call.callee ?? '';
    const helper = WITH_HASH_PARAMETER[callee];
    if (helper) {
      const given = helper.hashes.some(([position, keyword]) => {
        const value = call.argumentValue(position, keyword);
        return value && value.kind !== 'none' && !(value.kind === 'bool' && !value.value);
      });
      if (given || call.hasSplat || checksumNearby(call.node, context)) return;
      if (looksLikeNonArtifact(call, context)) return;
      const name = callee.split('.').pop();
      context.report({ node: call.node, message: `${name} downloads this file with no integrity check, so a changed or tampered file is used as is; ${helper.advice}.` });
      return;
    }
    if (PLAIN_DOWNLOADERS.includes(callee)) {
      if (checksumNearby(call.node, context) || looksLikeNonArtifact(call, context)) return;
      const name = callee
        .split('.')
        .slice(callee.endsWith('.download') ? -2 : -1)
        .join('.');
      context.report({
        node: call.node,
        message: `${name} downloads this file and nothing in this function checks its checksum, so a changed or tampered model, archive or data set is used as is; compare its SHA-256 with a known value.`,
      });
      return;
    }
    const download = downloadedWrite(call, context);
    if (!download || checksumNearby(call.node, context)) return;
    context.report({
      node: call.node,
      message: `${download} is written to a file and nothing in this function checks its checksum, so a changed or tampered model, archive or data set is used as is; compare its SHA-256 with a known value.`,
    });
  },
});

const SHELL_CHECKSUM = /sha\d+sum|md5sum|shasum|hashlib\.|hexdigest|checksum/;

function shellLines(body: string, start: number): { text: string; offset: number }[] {
  const lines: { text: string; offset: number }[] = [];
  let offset = start;
  for (const text of body.split('\n')) {
    lines.push({ text, offset });
    offset += text.length + 1;
  }
  return lines;
}

/** curl writes to stdout unless told otherwise: only a saved (`-o`, `-O`, `>`) or piped download counts, and API calls (`-X POST`, `-d`) do not. */
function savesOrRuns(tool: string, line: string): boolean {
  if (tool !== 'curl') return true;
  if (/\s(-X\s*(POST|PUT|PATCH|DELETE)|--request\s+(POST|PUT|PATCH|DELETE)|-d\b|--data\b|-F\b|--form\b)/.test(line)) return false;
  return /\s(-[a-zA-Z]*[oO]\b|--output\b|--remote-name\b)|>|\|/.test(line);
}

/** The first URL (or the output file) of a shell download line. */
function urlOf(line: string): string {
  return /https?:\/\/\S+/.exec(line)?.[0].replace(/["']/g, '') ?? '';
}

/** URL or file name arguments that are web pages or images. */
function looksLikeNonArtifact(call: CallSite, context: RuleContext): boolean {
  return call.positional.slice(0, 2).some((node) => NOT_AN_ARTIFACT.test(textOf(node, context)));
}

function textOf(node: Node | undefined, context: RuleContext): string {
  if (!node) return '';
  const value = context.valueOf(node);
  return value.kind === 'string' ? value.value : value.kind === 'template' ? value.staticText : '';
}

/** For `f.write(x)`, `Path(p).write_bytes(x)`, `shutil.copyfileobj(src, f)`: what was downloaded, when `x`/`src` is a response body. */
function downloadedWrite(call: CallSite, context: RuleContext): string | undefined {
  const callee = call.callee ?? '';
  if (callee === 'shutil.copyfileobj') {
    const source = call.argument(0, 'fsrc');
    return source && responseBody(source, context, 0) && !nonArtifactTarget(call.argument(1, 'fdst'), context) ? 'A downloaded response body' : undefined;
  }
  if (call.method !== 'write' && call.method !== 'write_bytes') return undefined;
  const data = call.positional[0];
  if (!data || !responseBody(data, context, 0)) return undefined;
  if (nonArtifactTarget(call.receiver, context)) return undefined;
  return 'A downloaded response body';
}

/** Whether `node` is the body of an HTTP response: `r.content`, `r.raw`, `r.read()`, a chunk of `r.iter_content()`. */
function responseBody(node: Node, context: RuleContext, depth: number): boolean {
  if (depth > 4) return false;
  if (node.type === 'attribute') {
    const attribute = node.childForFieldName('attribute')?.text ?? '';
    const object = node.childForFieldName('object');
    return ['content', 'raw', 'data'].includes(attribute) && !!object && isResponse(object, context, depth + 1);
  }
  if (node.type === 'call') {
    const site = context.callSite(node);
    if (site.method === 'read' && site.receiver) return isResponse(site.receiver, context, depth + 1);
    if (RESPONSE_CALL.test(site.callee ?? '') && site.method === 'urlopen') return true;
    return false;
  }
  if (node.type === 'identifier') {
    const binding = context.lookup(node);
    if (!binding) return false;
    if (binding.kind === 'for') {
      const loop = forOwner(binding.node);
      const iterable = loop?.childForFieldName('right');
      if (iterable?.type === 'call') {
        const site = context.callSite(iterable);
        return ['iter_content', 'iter_bytes', 'iter_raw', 'iter_chunked', 'iter_any'].includes(site.method) && !!site.receiver && isResponse(site.receiver, context, depth + 1);
      }
      return false;
    }
    if ((binding.kind === 'assign' || binding.kind === 'with') && binding.value) return responseBody(binding.value, context, depth + 1) || isResponse(binding.value, context, depth + 1);
  }
  return false;
}

function isResponse(node: Node, context: RuleContext, depth: number): boolean {
  if (depth > 5) return false;
  if (node.type === 'call') {
    const site = context.callSite(node);
    const callee = site.callee ?? '';
    if (RESPONSE_CALL.test(callee)) return true;
    // session.get(...) on a requests.Session() / httpx.Client()
    return ['get', 'post', 'request', 'urlopen', 'stream'].includes(site.method) && !!site.receiver && isClient(site.receiver, context);
  }
  if (node.type === 'identifier') {
    const binding = context.lookup(node);
    if ((binding?.kind === 'assign' || binding?.kind === 'with') && binding.value) return isResponse(binding.value, context, depth + 1);
  }
  if (node.type === 'parenthesized_expression' && node.namedChild(0)) return isResponse(node.namedChild(0)!, context, depth + 1);
  return false;
}

function isClient(node: Node, context: RuleContext): boolean {
  const qualified = context.qualifiedName(node) ?? '';
  return /^(requests|httpx|urllib3|aiohttp)\./.test(qualified);
}

/** The file a write goes to is a web page or an image (`open("page.html", "wb")`). */
function nonArtifactTarget(target: Node | undefined, context: RuleContext): boolean {
  if (!target) return false;
  let node: Node | undefined = target;
  if (node.type === 'identifier') {
    const binding = context.lookup(node);
    node = binding?.value ?? undefined;
  }
  if (node?.type !== 'call') return false;
  const site = context.callSite(node);
  const path = site.positional[0];
  if (!path) return false;
  if (path.type === 'string') return NOT_AN_ARTIFACT.test(stringParts(path).text);
  return NOT_AN_ARTIFACT.test(textOf(path, context));
}

function forOwner(identifier: Node): Node | undefined {
  for (let current = identifier.parent; current; current = current.parent) if (current.type === 'for_statement' || current.type === 'for_in_clause') return current;
  return undefined;
}
