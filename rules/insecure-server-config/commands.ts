import type { CallSite, Node, Range, RuleContext, SourceUnit } from '../../server/src/engine/api';

/** A placeholder for a part of a command only known at run time. */
export const UNKNOWN = '\u0000';

/** Calls that run a command, and where the command is. */
export const COMMAND_CALLS = [
  'subprocess.run',
  'subprocess.Popen',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'os.system',
  'os.popen',
  'asyncio.create_subprocess_exec',
  'asyncio.create_subprocess_shell',
  '*.system',
  '*.system_raw',
];

/**
 * The argument vector(s) a call runs, as far as known: a list argument gives one vector (unknown
 * items as UNKNOWN); a string is split like a shell would (on `;`, `&&`, `||`, `|`, `&` and
 * quotes), which is how `shell=True`, `os.system` and `get_ipython().system` run it.
 */
export function commandVectors(call: CallSite, context: RuleContext): string[][] {
  const callee = call.callee ?? '';
  if ((call.method === 'system' || call.method === 'system_raw') && !callee.startsWith('os.') && !/get_ipython\(\)\.system(_raw)?$/.test(callee)) return [];
  if (callee === 'asyncio.create_subprocess_exec') return [call.positional.map((p) => textOf(p, context))];
  const first = call.argument(0, callee.startsWith('subprocess.') ? 'args' : 'command') ?? call.argument(0, 'cmd');
  if (!first) return [];
  if (first.type === 'list' || first.type === 'tuple') return [first.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => textOf(c, context))];
  const value = context.valueOf(first);
  if (value.kind === 'sequence') return [value.items.map((item) => (item.kind === 'string' ? item.value : UNKNOWN))];
  const text = textOf(first, context);
  return text === UNKNOWN ? [] : shellCommands(text);
}

function textOf(node: Node, context: RuleContext): string {
  const value = context.valueOf(node);
  if (value.kind === 'string') return value.value;
  if (value.kind === 'template') return value.staticText.replace(/\{\}/g, UNKNOWN);
  return UNKNOWN;
}

/** Splits a shell command line into the argument vectors of its commands (quotes removed). */
export function shellCommands(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'" || c === '"') {
      const close = line.indexOf(c, i + 1);
      const end = close === -1 ? line.length : close;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '\\' && i + 1 < line.length) {
      if (line[i + 1] !== '\n') word += line[i + 1];
      inWord = inWord || line[i + 1] !== '\n';
      i++;
    } else if (c === ';' || c === '&' || c === '|' || c === '\n') {
      endCommand();
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '#' && !inWord) {
      // a comment runs to the end of the line
      const newline = line.indexOf('\n', i);
      endCommand();
      if (newline === -1) break;
      i = newline;
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/** Options of a command: `--name=value` and `--name value` (value undefined for a flag). */
export function optionValue(words: string[], names: readonly string[]): { present: boolean; value: string | undefined } {
  let result: { present: boolean; value: string | undefined } = { present: false, value: undefined };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    for (const name of names) {
      if (word === name) result = { present: true, value: words[i + 1] !== undefined && !words[i + 1].startsWith('-') ? words[i + 1] : undefined };
      else if (word.startsWith(`${name}=`)) result = { present: true, value: word.slice(name.length + 1) };
    }
  }
  // an argument vector passes quotes through: traitlets reads `--ServerApp.token=''` as an empty string
  if (result.value !== undefined) result.value = result.value.replace(/^(['"])(.*)\1$/, '$2');
  return result;
}

type Magic = SourceUnit['magics'][number];

/**
 * The commands a notebook magic runs: `!cmd` escapes, `%system` / `%sx`, `%%bash` / `%%sh` /
 * `%%script` cells, and the magics that wrap a tool (`%pip ...` runs pip, `%tensorboard ...`
 * runs tensorboard).
 */
export function magicCommands(magic: Magic): string[][] {
  if (magic.prefix === '!' || (magic.prefix === '%' && (magic.name === 'system' || magic.name === 'sx'))) return shellCommands(magic.args);
  if (magic.prefix === '%' && (magic.name === 'pip' || magic.name === 'tensorboard')) return [[magic.name, ...(shellCommands(magic.args)[0] ?? [])]];
  if (magic.kind === 'cell' && /^(bash|sh|script)$/.test(magic.name)) return shellCommands(magic.args);
  return [];
}

/** The range to underline for a magic: the whole line magic, or the header line of a cell magic. */
export function magicRange(unit: SourceUnit, magic: Magic): Range {
  if (magic.kind === 'cell') return { start: { line: magic.line, character: 0 }, end: { line: magic.line, character: unit.lines.lineText(magic.line).length } };
  return unit.lines.rangeOf(magic.startOffset, magic.endOffset);
}
