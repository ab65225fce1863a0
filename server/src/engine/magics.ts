/**
 * IPython syntax in notebook cells: `%line` magics, `%%cell` magics, `!shell` escapes,
 * `x = !cmd`, `x = %sx cmd` and `obj?` help. tree-sitter cannot parse them, so before
 * parsing they are masked with characters of the same length, which keeps every offset,
 * line and column, and leaves no ERROR node. The original text stays available to the
 * rules that read magics.
 */

export interface Magic {
  /** `line`: `%x` or `!x` on a line; `cell`: a `%%x` header (the body may be non-Python). */
  kind: 'line' | 'cell';
  /** `%`, `%%` or `!` */
  prefix: '%' | '%%' | '!';
  /** Magic name (`pip`, `env`, `bash`...) or `!` for shell escapes. */
  name: string;
  /** The command text after the name (the shell command for `!`). */
  args: string;
  /** Zero-based line in the cell where the magic starts, and the span of text it covers. */
  line: number;
  startOffset: number;
  endOffset: number;
}

export interface MaskedCode {
  code: string;
  magics: Magic[];
  /** True when the whole cell is another language (`%%bash`, `%%html`...) and holds no Python. */
  foreignCell: boolean;
}

/** Cell magics whose body is still Python. */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3', 'pypy', 'tensorflow_version', 'memit', 'lprun', 'spark']);

// `%name args`, `!cmd`, `x = !cmd`, `x = %name args`
const LINE_MAGIC = /^([ \t]*)(?:([A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=[ \t]*))?(%%|%|!!|!)(.*)$/;
const HELP = /^[ \t]*(?:\?{1,2}[\w.]+|[\w.]+\?{1,2})[ \t]*$/;

/** Replace code units of `text[start, end)` with `_` (an identifier: valid wherever an expression is). */
function maskSpan(chars: string[], start: number, end: number, fill: string): void {
  for (let i = start; i < end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = fill;
}

/** Characters that every magic, shell escape and help line contains. */
const MAGIC_CHARACTER = /[%!?]/;

export function maskMagics(text: string): MaskedCode {
  if (!MAGIC_CHARACTER.test(text)) return { code: text, magics: [], foreignCell: false };
  const lines = text.split('\n');
  // split into characters only once something is masked: most cells have a `%` or `!` in code (`step % 10`, `!=`) and no magic
  let characters: string[] | undefined;
  const maskText = (start: number, end: number, fill: string) => maskSpan((characters ??= text.split('')), start, end, fill);
  const magics: Magic[] = [];
  let offset = 0;
  let foreignCell = false;
  let continuation = false;
  const headerLine = firstCodeLine(lines);
  for (let lineNumber = 0; lineNumber < lines.length; lineNumber++) {
    const line = lines[lineNumber];
    const lineStart = offset;
    offset += line.length + 1;
    if (continuation) {
      // the previous magic ended with a backslash: this line belongs to it
      maskText(lineStart, lineStart + line.length, ' ');
      magics[magics.length - 1].args += '\n' + line.replace(/\r$/, '');
      magics[magics.length - 1].endOffset = lineStart + line.length;
      continuation = /\\\r?$/.test(line);
      continue;
    }
    if (lineNumber === headerLine && /^[ \t]*%%/.test(line)) {
      const match = /^[ \t]*%%([\w-]+)?[ \t]*(.*)$/.exec(line.replace(/\r$/, ''));
      const name = match?.[1] ?? '';
      magics.push({ kind: 'cell', prefix: '%%', name, args: match?.[2] ?? '', line: lineNumber, startOffset: lineStart, endOffset: lineStart + line.length });
      if (PYTHON_BODY_CELL_MAGICS.has(name)) {
        maskText(lineStart, lineStart + line.length, ' ');
      } else {
        // the whole cell is another language: mask it all, keep it for the rules that read it
        maskText(lineStart, text.length, ' ');
        foreignCell = true;
        magics[0].args = text.slice(lineStart + line.length + 1);
        magics[0].endOffset = text.length;
        break;
      }
      continue;
    }
    if (!MAGIC_CHARACTER.test(line)) continue;
    const match = LINE_MAGIC.exec(line.replace(/\r$/, ''));
    if (match && isMagicStart(match)) {
      const indent = match[1].length;
      const target = match[2] ?? '';
      const prefix = match[3] === '!!' ? '!' : (match[3] as '%' | '%%' | '!');
      const rest = match[4];
      const magicStart = lineStart + indent + target.length;
      const lineEnd = lineStart + line.replace(/\r$/, '').length;
      let name = '!';
      let args = rest;
      if (prefix !== '!') {
        const nameMatch = /^([\w.-]+)[ \t]*([\s\S]*)$/.exec(rest);
        name = nameMatch?.[1] ?? '';
        args = nameMatch?.[2] ?? '';
      }
      // a standalone magic becomes `____` (an expression statement); after `x = ` it becomes a name
      maskText(magicStart, lineEnd, '_');
      magics.push({ kind: 'line', prefix: prefix === '%%' ? '%' : prefix, name, args, line: lineNumber, startOffset: magicStart, endOffset: lineEnd });
      continuation = /\\$/.test(rest);
      continue;
    }
    if (HELP.test(line.replace(/\r$/, ''))) maskText(lineStart, lineStart + line.length, ' ');
  }
  return { code: characters ? characters.join('') : text, magics, foreignCell };
}

function firstCodeLine(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) if (lines[i].trim() !== '') return i;
  return 0;
}

/** `!x` and `%x` at line start; excludes `!=` style code such as a continuation line `!= 3`. */
function isMagicStart(match: RegExpExecArray): boolean {
  const prefix = match[3];
  const rest = match[4];
  if (prefix.startsWith('!')) return !rest.startsWith('=');
  // `%` needs a name right after it: `% 3` at line start is a continuation of a modulo
  return /^[A-Za-z_]/.test(rest) || prefix === '%%';
}
