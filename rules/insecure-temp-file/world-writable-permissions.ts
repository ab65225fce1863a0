import { defineRule, type Node, type RuleContext } from '../../server/src/engine/api';

const SHELL_CALLS = ['os.system', 'os.popen', 'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen'];
/** `chmod 777`, `chmod -R 0666`, `chmod a+rwx`, `chmod o+w`: modes that give other users write access. */
const CHMOD = /\bchmod\s+(?:-[a-zA-Z]+\s+)*(?:[0-7]?[0-7][0-7][2367]\b|[ugo]*[ao][ugo]*\+[rwxXst]*w[rwxXst]*\b)/g;
const SHELL_MESSAGE = 'chmod with this mode makes the files writable by every user on the machine; anyone can then replace the model or data. Use 755 / 644 (or g+w for a shared group).';

export default defineRule({
  id: 'world-writable-permissions',
  category: 'insecure-temp-file',
  severity: 'warning',
  cwe: 732,
  message:
    'This makes the file writable by every user on the machine (mode includes o+w); anyone can replace the model or data in it. Drop the world-write bit (0o775 / 0o664 at most, 0o755 / 0o644 usually).',
  fixable: true,
  docs: {
    what: 'Finds `os.chmod`, `os.fchmod`, `os.lchmod` and `Path.chmod` with a mode that lets other users write (`0o777`, `0o666`, `stat.S_IWOTH`, `stat.S_IRWXO`), and `os.umask(0)`-style masks that stop clearing that bit. `os.makedirs(path, mode=0o777)` is not reported: the umask still applies there.',
    why: 'A checkpoint, dataset, feature store file or script that every local account can write is one that any of them can swap: a pickled model replaced by a malicious one runs code in the next process that loads it; training data can be poisoned silently. `chmod 777` is often added to "fix" a permission error on a shared server or in a container.',
    fix: 'Give write access only to the owner (and the group, if a team shares the folder): `0o755` for folders and scripts, `0o644` for data files. The fix clears only the world-write bit (`0o777` → `0o775`).',
    example: {
      bad: 'import os\nos.chmod("models/model.pkl", 0o777)',
      good: 'import os\nos.chmod("models/model.pkl", 0o644)',
    },
    references: ['https://docs.python.org/3/library/os.html#os.chmod', 'https://cwe.mitre.org/data/definitions/732.html'],
  },
  calls: ['os.chmod', 'os.fchmod', 'os.lchmod', 'pathlib.Path().chmod', '*.chmod', 'os.umask', ...SHELL_CALLS],
  textKinds: ['notebook'],
  onText(unit, context) {
    // `!chmod -R 777 /data` in a notebook
    if (unit.language !== 'python') return;
    for (const magic of unit.magics) {
      if (magic.prefix !== '!' && !(magic.prefix === '%' && (magic.name === 'sx' || magic.name === 'system')) && !(magic.kind === 'cell' && /^(bash|sh|script)$/.test(magic.name))) continue;
      const text = unit.text.slice(magic.startOffset, magic.endOffset);
      CHMOD.lastIndex = 0;
      for (let match = CHMOD.exec(text); match; match = CHMOD.exec(text)) {
        const start = magic.startOffset + match.index;
        context.report({ range: unit.lines.rangeOf(start, start + match[0].length), message: SHELL_MESSAGE });
      }
    }
  },
  onCall(call, context) {
    const callee = call.callee ?? '';
    if (SHELL_CALLS.includes(callee)) {
      const command = call.argument(0);
      const value = command ? context.valueOf(command) : undefined;
      const text =
        value?.kind === 'string'
          ? value.value
          : value?.kind === 'template'
            ? value.staticText
            : value?.kind === 'sequence'
              ? value.items.map((i) => (i.kind === 'string' ? i.value : '?')).join(' ')
              : '';
      CHMOD.lastIndex = 0;
      if (command && CHMOD.test(text)) context.report({ node: command, message: SHELL_MESSAGE });
      return;
    }
    if (callee === 'os.umask') {
      const mask = call.argument(0, 'mask');
      const value = mask ? modeValue(mask, context) : undefined;
      if (value !== undefined && (value & 0o002) === 0)
        context.report({
          node: call.node,
          message: `os.umask(${mask!.text}) stops clearing the world-write bit, so every file and folder this process creates is writable by all users; keep 0o022 (or 0o002).`,
        });
      return;
    }
    // os.chmod(path, mode); Path(...).chmod(mode); other `.chmod` methods (SFTP clients...) are not judged
    if (!callee.startsWith('os.') && !callee.startsWith('pathlib.')) return;
    const mode = callee.startsWith('os.') ? call.argument(1, 'mode') : call.argument(0, 'mode');
    if (!mode) return;
    const value = modeValue(mode, context);
    if (value === undefined || (value & 0o002) === 0) return;
    const literal = mode.type === 'integer';
    context.report({
      node: mode,
      fixes: literal ? [{ title: `Use mode 0o${(value & ~0o002).toString(8)} (no write for other users)`, safe: true, edits: [context.edits.replace(mode, `0o${(value & ~0o002).toString(8)}`)] }] : [],
    });
  },
});

const STAT_BITS: Record<string, number> = {
  'stat.S_IRWXU': 0o700,
  'stat.S_IRUSR': 0o400,
  'stat.S_IWUSR': 0o200,
  'stat.S_IXUSR': 0o100,
  'stat.S_IRWXG': 0o070,
  'stat.S_IRGRP': 0o040,
  'stat.S_IWGRP': 0o020,
  'stat.S_IXGRP': 0o010,
  'stat.S_IRWXO': 0o007,
  'stat.S_IROTH': 0o004,
  'stat.S_IWOTH': 0o002,
  'stat.S_IXOTH': 0o001,
};

/** The numeric value of a mode expression (literal, constant, `stat.S_*` flags joined with `|`), or undefined. */
function modeValue(node: Node, context: RuleContext, depth = 0): number | undefined {
  if (depth > 8) return undefined;
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '|') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const l = left ? modeValue(left, context, depth + 1) : undefined;
    const r = right ? modeValue(right, context, depth + 1) : undefined;
    return l === undefined || r === undefined ? undefined : l | r;
  }
  if (node.type === 'parenthesized_expression' && node.namedChild(0)) return modeValue(node.namedChild(0)!, context, depth + 1);
  const value = context.valueOf(node);
  if (value.kind === 'number') return Number.isInteger(value.value) ? value.value : undefined;
  if (value.kind === 'name') return STAT_BITS[value.qualified];
  return undefined;
}
