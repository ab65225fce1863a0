import { defineRule, type Binding, type RuleContext, type SourceUnit, type UnitEdit } from '../../server/src/engine/api';
import { OriginWalker, type Origin } from '../lib/flow';
import { SHELL_SANITIZERS } from './shell-command-injection';

/** `{expression}` (not `{{`/`}}`, not the empty `{}` of `find -exec`) and `$name` / `${name}` (not `$$`). */
const FIELD = /(?<![{$])\{([^{}\n]+)\}(?!\})|(?<!\$)\$\{?([A-Za-z_]\w*)\}?/g;

export default defineRule({
  id: 'notebook-shell-injection',
  category: 'command-injection',
  severity: 'error',
  cwe: 78,
  message: 'This notebook shell command (`!`) interpolates a value that comes from data or user input; a value holding `;`, `|` or `$(...)` runs other commands. Quote it with shlex.quote.',
  fixable: true,
  docs: {
    what: 'Finds IPython shell escapes (`!cmd`, `x = !cmd`, `%sx`, `%system`) that interpolate a Python value with `{expression}` or `$name` when that value comes from outside the notebook: `input()`, a widget, a function parameter, a file, a web response, a dataframe cell or model output. `!pip install x`, shell variables such as `$HOME`, and values built only from literals and constants are not reported.',
    why: 'IPython pastes the value into the command line before the shell reads it. A file name, URL or dataset field such as `a.zip; rm -rf ~` then runs as a command on the machine that runs the notebook, with its cloud credentials and data.',
    fix: 'Quote the value: `!wget {shlex.quote(url)}` (IPython evaluates the expression in braces), or call `subprocess.run(["wget", url], check=True)` from Python. The fix wraps the field in `shlex.quote(...)` and imports `shlex`.',
    example: {
      bad: 'import pandas as pd\nurls = pd.read_csv("urls.csv")\nurl = urls.loc[0, "url"]\n!wget {url}',
      good: 'import shlex\nimport pandas as pd\nurls = pd.read_csv("urls.csv")\nurl = urls.loc[0, "url"]\n!wget {shlex.quote(url)}',
    },
    references: ['https://ipython.readthedocs.io/en/stable/interactive/reference.html#system-shell-access', 'https://cwe.mitre.org/data/definitions/78.html'],
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    if (unit.language !== 'python' || unit.magics.length === 0) return;
    const walker = new OriginWalker(context, { sanitizers: SHELL_SANITIZERS });
    for (const magic of unit.magics) {
      const isShell = magic.prefix === '!' || (magic.prefix === '%' && (magic.name === 'sx' || magic.name === 'system'));
      if (!isShell) continue;
      const span = unit.text.slice(magic.startOffset, magic.endOffset);
      FIELD.lastIndex = 0;
      for (let match = FIELD.exec(span); match; match = FIELD.exec(span)) {
        const expression = (match[1] ?? match[2]).trim();
        const origin = fieldOrigin(expression, magic.startOffset, unit, context, walker);
        if (origin !== 'input') continue;
        const start = magic.startOffset + match.index;
        const end = start + match[0].length;
        context.report({
          range: unit.lines.rangeOf(start, end),
          message: `This shell command interpolates \`${expression}\`, which comes from data or user input; a value holding \`;\`, \`|\` or \`$(...)\` runs other commands. Quote it: {shlex.quote(${expression})}.`,
          fixes: quoteField(expression, start, end, unit, context),
        });
      }
    }
  },
});

/** The origin of a `{expression}` / `$name` field of a magic at offset `at` of cell `unit`, from the notebook's bindings. */
export function fieldOrigin(expression: string, at: number, unit: SourceUnit, context: RuleContext, walker: OriginWalker): Origin {
  if (/^(shlex|pipes)\.quote\(|^quote\(/.test(expression)) return 'constant';
  const head = /^([A-Za-z_]\w*)/.exec(expression)?.[1];
  if (!head) return 'constant';
  const binding = latestBinding(context.bindings(head), unit.index, at);
  if (!binding) return 'constant'; // a shell variable, or a name this notebook never defines
  let origin: Origin;
  switch (binding.kind) {
    case 'param':
      origin = 'input';
      break;
    case 'import':
    case 'function':
    case 'class':
      return 'constant';
    case 'for': {
      let loop = binding.node.parent;
      while (loop && loop.type !== 'for_statement' && loop.type !== 'for_in_clause') loop = loop.parent;
      const iterable = loop?.childForFieldName('right');
      origin = iterable ? walker.of(iterable) : 'dynamic';
      break;
    }
    default:
      origin = binding.value ? walker.of(binding.value) : 'dynamic';
  }
  // a widget's `.value` is what the user typed
  if (origin !== 'input' && /\.value\b/.test(expression)) return 'input';
  // `{row.url}`, `{df.loc[0, "path"]}`: a field of a data row
  if (
    origin === 'dynamic' &&
    /[.[]/.test(expression.slice(head.length, head.length + 1)) &&
    /^(row|record|item|entry|sample|example|df|data|batch|doc|payload|response|resp|result|output)s?(_\w+)?$/i.test(head)
  )
    return 'input';
  return origin;
}

/** The module-level binding of a name in effect at offset `at` of cell `unit`. */
function latestBinding(bindings: Binding[], unit: number, at: number): Binding | undefined {
  let found: Binding | undefined;
  for (const binding of bindings) {
    if (binding.scope !== 0 || binding.kind === 'global') continue;
    if (binding.unit < unit || (binding.unit === unit && binding.offset < at)) found = binding;
  }
  return found;
}

function quoteField(expression: string, start: number, end: number, unit: SourceUnit, context: RuleContext) {
  const before = unit.text[start - 1] ?? '';
  const after = unit.text[end] ?? '';
  if (/['"]/.test(before) || /['"]/.test(after)) return [];
  if (!/^[A-Za-z_][\w.]*(\[[^\]]*\])?$/.test(expression)) return [];
  const { edits: importEdits, reference } = context.edits.ensureImport('shlex');
  const edits: UnitEdit[] = [...importEdits, context.edits.replaceRange(start, end, `{${reference}.quote(${expression})}`)];
  return [{ title: 'Quote the interpolated value with shlex.quote', safe: false, edits }];
}
