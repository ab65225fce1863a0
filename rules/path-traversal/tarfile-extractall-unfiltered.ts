import { defineRule, type CallSite, type Node, type RuleContext } from '../../server/src/engine/api';
import { documentMatches } from '../lib/gate';
import { enclosingFunction } from '../lib/flow';

const SAFE_FILTERS = new Set(['data', 'tar', 'tarfile.data_filter', 'tarfile.tar_filter']);

/** Checked once per document before any call is looked at. */
const MENTIONS_TAR = /tarfile|unpack_archive/;

export default defineRule({
  id: 'tarfile-extractall-unfiltered',
  category: 'path-traversal',
  severity: 'error',
  cwe: 22,
  message: 'Extracting a tar archive without filter="data" lets a crafted member (`../../.bashrc`, an absolute path or a symlink) write anywhere on disk; pass filter="data".',
  fixable: true,
  docs: {
    what: 'Finds `TarFile.extractall` / `extract` (archives opened with `tarfile.open`, `tarfile.TarFile`...) and `shutil.unpack_archive` of tar archives with no `filter=` argument, or with `filter="fully_trusted"`. Not reported: `filter="data"` or `"tar"` (or `tarfile.data_filter`), a custom filter function, a `members=` selection, a loop that checks the members before extracting, and a program that sets `TarFile.extraction_filter`.',
    why: 'A tar member may be named `../../home/user/.ssh/authorized_keys`, be an absolute path, or be a symlink pointing outside the target folder; before Python 3.14 `extractall` follows all of them by default (CVE-2007-4559). Datasets and checkpoints are routinely downloaded as `.tar.gz` from hubs, buckets and mirrors, so the archive is data from someone else.',
    fix: 'Pass `filter="data"` (PEP 706; in Python 3.12+, and in 3.8.17, 3.9.17, 3.10.12, 3.11.4 and later security releases). It refuses absolute paths, `..`, links leaving the folder and device files. On older interpreters, check every member before extracting.',
    example: {
      bad: 'import tarfile\nwith tarfile.open("dataset.tar.gz") as archive:\n    archive.extractall("data")',
      good: 'import tarfile\nwith tarfile.open("dataset.tar.gz") as archive:\n    archive.extractall("data", filter="data")',
    },
    references: ['https://peps.python.org/pep-0706/', 'https://docs.python.org/3/library/tarfile.html#tarfile-extraction-filter', 'https://cwe.mitre.org/data/definitions/22.html'],
  },
  calls: ['*.extractall', '*.extract', 'shutil.unpack_archive'],
  onCall(call, context) {
    if (!documentMatches(context, MENTIONS_TAR)) return;
    const callee = call.callee ?? '';
    const isUnpack = callee === 'shutil.unpack_archive';
    if (isUnpack) {
      if (isZipArchive(call, context)) return;
    } else {
      const receiver = call.receiver;
      const owner = receiver ? context.qualifiedName(receiver) : undefined;
      if (!owner || !owner.startsWith('tarfile.')) return;
      if (call.keyword('members') && !/\.getmembers\(\)$/.test(call.keyword('members')!.text)) return;
      if (receiver && checkedBefore(call, receiver)) return;
    }
    if (globalFilterSet(context)) return;
    const filter = call.keyword('filter');
    if (filter) {
      const value = context.valueOf(filter);
      const name = value.kind === 'string' ? value.value : value.kind === 'name' ? value.qualified : undefined;
      if (name === undefined || SAFE_FILTERS.has(name)) return; // a custom filter or a variable: the author chose
      if (name !== 'fully_trusted' && name !== 'tarfile.fully_trusted_filter') return;
      context.report({
        node: call.keywordArgument('filter') ?? call.node,
        message: 'filter="fully_trusted" extracts members with `..`, absolute paths and outside links as they are; use filter="data" unless you built this archive yourself.',
        fixes: keywordFix(call, context),
      });
      return;
    }
    if (call.hasSplat) return;
    context.report({
      node: call.node,
      message: isUnpack ? 'shutil.unpack_archive extracts tar members as named, so `../` paths, absolute paths and links can write outside the folder; pass filter="data".' : undefined,
      fixes: keywordFix(call, context),
    });
  },
});

function keywordFix(call: CallSite, context: RuleContext) {
  const edits = context.edits.setKeyword(call, 'filter', '"data"');
  return edits ? [{ title: 'Extract with filter="data"', safe: true, edits }] : [];
}

/** `shutil.unpack_archive("x.zip")` or `format="zip"`: zipfile strips `..` and absolute paths itself. */
function isZipArchive(call: CallSite, context: RuleContext): boolean {
  const format = call.argument(2, 'format');
  const formatValue = format ? context.valueOf(format) : undefined;
  if (formatValue?.kind === 'string') return formatValue.value === 'zip';
  const name = call.argument(0, 'filename');
  const value = name ? context.valueOf(name) : undefined;
  const text = value?.kind === 'string' ? value.value : value?.kind === 'template' ? value.staticText : (name?.text ?? '');
  return /\.zip['"]?\)?$/i.test(text);
}

/**
 * A loop over the archive's members that inspects them before extracting (`for m in tar.getmembers(): if ...: raise`),
 * or an `extract(member)` inside such a loop.
 */
function checkedBefore(call: CallSite, receiver: Node): boolean {
  const scope = enclosingFunction(call.node) ?? call.node.tree.rootNode;
  const name = receiver.text;
  for (const loop of scope.descendantsOfType('for_statement')) {
    if (!loop || loop.startIndex > call.node.startIndex) continue;
    const iterable = loop.childForFieldName('right')?.text.replace(/\s+/g, '') ?? '';
    if (iterable !== `${name}.getmembers()` && iterable !== name && !iterable.startsWith(`${name}.getmembers`)) continue;
    const body = loop.childForFieldName('body');
    if (!body) continue;
    const guards = [...body.descendantsOfType('if_statement'), ...body.descendantsOfType('raise_statement'), ...body.descendantsOfType('assert_statement')];
    if (guards.length > 0 && /\.name\b|\.issym|\.islnk|is_relative_to|commonpath|realpath|abspath|startswith|\.\./.test(body.text)) return true;
  }
  return false;
}

/** `tarfile.TarFile.extraction_filter = staticmethod(tarfile.data_filter)` anywhere in the program. */
function globalFilterSet(context: RuleContext): boolean {
  return context.document.units.some((unit) => unit.language === 'python' && /\bextraction_filter\s*=/.test(unit.code));
}
