import { defineRule, type CallSite, type Node, type RuleContext } from '../../server/src/engine/api';
import { enclosingFunction } from '../lib/flow';

export default defineRule({
  id: 'tempfile-mktemp',
  category: 'insecure-temp-file',
  severity: 'error',
  cwe: 377,
  message: 'tempfile.mktemp only returns a name: another process can create that file first (or a symlink there) before you open it. Use NamedTemporaryFile(delete=False), mkstemp or mkdtemp.',
  fixable: true,
  docs: {
    what: 'Finds `tempfile.mktemp()` (and the old `os.tempnam` / `os.tmpnam`), under any alias.',
    why: 'Between `mktemp` choosing a free name and your code opening it, another user or process on the machine (a shared GPU box, a CI runner) can create that path, or a symlink there to a file you can write. Your checkpoint, dataset or credentials then go to a file they control, or you overwrite a file of theirs. Python deprecated `mktemp` for this reason.',
    fix: 'Let tempfile create the file atomically: `tempfile.NamedTemporaryFile(delete=False, suffix=".pt").name` gives a path to a new file only you can open, `tempfile.mkstemp()` returns an open descriptor and the path, and `tempfile.mkdtemp()` makes a private directory. The fix uses `NamedTemporaryFile(delete=False, ...)` (the file now exists, empty); when the name is then made into a directory, replace `mktemp` + `mkdir` with `mkdtemp` by hand.',
    example: {
      bad: 'import tempfile\npath = tempfile.mktemp(suffix=".pt")',
      good: 'import tempfile\npath = tempfile.NamedTemporaryFile(delete=False, suffix=".pt").name',
    },
    references: ['https://docs.python.org/3/library/tempfile.html#tempfile.mktemp', 'https://cwe.mitre.org/data/definitions/377.html'],
  },
  calls: ['tempfile.mktemp', 'os.tempnam', 'os.tmpnam'],
  onCall(call, context) {
    const directory = usedAsDirectory(call.node);
    context.report({
      node: call.node,
      message: directory ? 'tempfile.mktemp only returns a name, and another process can create it first; this one becomes a directory: use tempfile.mkdtemp() instead of mktemp + mkdir.' : undefined,
      fixes: call.callee === 'tempfile.mktemp' ? replacement(call, context) : [],
    });
  },
});

const PARAMETERS = ['suffix', 'prefix', 'dir'];

function replacement(call: CallSite, context: RuleContext) {
  if (call.hasSplat) return [];
  const args: string[] = [];
  for (let i = 0; i < call.positional.length; i++) {
    if (i >= PARAMETERS.length) return [];
    args.push(`${PARAMETERS[i]}=${call.positional[i].text}`);
  }
  for (const name of PARAMETERS) {
    const value = call.keyword(name);
    if (value) args.push(`${name}=${value.text}`);
  }
  // a name later made into a directory: mkdtemp is the answer, but the mkdir after it must go too, so no mechanical fix
  if (usedAsDirectory(call.node)) return [];
  const module = context.edits.ensureImport('tempfile');
  const text = `${module.reference}.NamedTemporaryFile(${['delete=False', ...args].join(', ')}).name`;
  return [{ title: 'Use tempfile.NamedTemporaryFile(delete=False)', safe: false, edits: [...module.edits, context.edits.replace(call.node, text)] }];
}

/** `name = mktemp()` followed by `os.mkdir(name)` / `os.makedirs(name)` / `Path(name).mkdir()`. */
function usedAsDirectory(call: Node): boolean {
  const assignment = call.parent;
  if (assignment?.type !== 'assignment') return false;
  const target = assignment.childForFieldName('left');
  if (target?.type !== 'identifier') return false;
  let scope: Node | undefined = enclosingFunction(call);
  if (!scope) {
    scope = call;
    while (scope.parent) scope = scope.parent;
  }
  const name = target.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(mkdir|makedirs)\\(\\s*${name}\\b|Path\\(\\s*${name}\\s*\\)\\.mkdir`).test(scope.text.slice(assignment.endIndex - scope.startIndex));
}
