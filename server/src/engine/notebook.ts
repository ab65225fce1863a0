import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { LineIndex } from './text';

/** Text shown by one saved output of a cell, as one MIME kind. */
export interface OutputText {
  /** Index of the output in the cell's `outputs` array. */
  output: number;
  /** `stream`, `execute_result`, `display_data` or `error`. */
  outputType: string;
  /** `text/plain`, `text/html`, `application/json`, `stream/stdout`, `error/traceback`... */
  mime: string;
  text: string;
  /** For each line of `text`, the zero-based line of the `.ipynb` file where it is stored. */
  jsonLines: number[];
}

export interface NotebookCell {
  /** Index among all cells, markdown included. */
  index: number;
  cellType: 'code' | 'markdown' | 'raw';
  source: string;
  /** For each line of `source`, the zero-based line of the `.ipynb` file where it is stored. */
  sourceJsonLines: number[];
  outputs: OutputText[];
  /** The cell's own language when it says so (`metadata.vscode.languageId`), else undefined. */
  language?: string;
}

export interface NotebookModel {
  nbformat: number;
  /** Kernel language (`python` unless the notebook says otherwise). */
  language: string;
  cells: NotebookCell[];
}

export class NotebookError extends Error {
  constructor(
    message: string,
    /** Zero-based line in the file, when known. */
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Output MIME kinds that hold text worth scanning; images and widgets are skipped. */
const TEXT_MIMES = ['text/plain', 'text/html', 'text/markdown', 'text/latex', 'application/json', 'application/javascript', 'text/csv'];

function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object' || !node.children) return undefined;
  for (const property of node.children) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode?.value === key) return valueNode;
  }
  return undefined;
}

/**
 * A multi-line text stored as a JSON string or an array of strings: the joined text and, for
 * each of its lines, the file line of the string holding it.
 */
function multiline(node: JsonNode | undefined, lines: LineIndex): { text: string; jsonLines: number[] } {
  if (!node) return { text: '', jsonLines: [] };
  const parts = node.type === 'array' ? (node.children ?? []) : [node];
  let text = '';
  const jsonLines: number[] = [];
  let atLineStart = true;
  for (const part of parts) {
    if (part.type !== 'string' || typeof part.value !== 'string') continue;
    const line = lines.positionAt(part.offset).line;
    for (const ch of part.value.split(/(?<=\n)/)) {
      if (ch === '') continue;
      if (atLineStart) jsonLines.push(line);
      text += ch;
      atLineStart = ch.endsWith('\n');
    }
  }
  if (atLineStart) jsonLines.push(jsonLines.length > 0 ? jsonLines[jsonLines.length - 1] : node ? lines.positionAt(node.offset).line : 0);
  return { text, jsonLines };
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function outputsOf(outputsNode: JsonNode | undefined, lines: LineIndex, nbformat: number): OutputText[] {
  const result: OutputText[] = [];
  (outputsNode?.children ?? []).forEach((out, index) => {
    const outputType = String(prop(out, 'output_type')?.value ?? '');
    const add = (mime: string, node: JsonNode | undefined) => {
      if (!node) return;
      const { text, jsonLines } = node.type === 'object' || (node.type === 'array' && node.children?.some((c) => c.type !== 'string')) ? jsonText(node, lines) : multiline(node, lines);
      if (text.length > 0) result.push({ output: index, outputType, mime, text: text.replace(ANSI, ''), jsonLines });
    };
    if (outputType === 'stream') {
      add(`stream/${String(prop(out, 'name')?.value ?? 'stdout')}`, prop(out, 'text'));
    } else if (outputType === 'error' || outputType === 'pyerr') {
      const ename = String(prop(out, 'ename')?.value ?? '');
      const evalue = String(prop(out, 'evalue')?.value ?? '');
      const line = lines.positionAt(out.offset).line;
      if (ename || evalue) result.push({ output: index, outputType, mime: 'error/evalue', text: `${ename}: ${evalue}`, jsonLines: [line] });
      add('error/traceback', prop(out, 'traceback'));
    } else if (nbformat >= 4) {
      const data = prop(out, 'data');
      for (const mime of TEXT_MIMES) add(mime, prop(data, mime));
    } else {
      // nbformat 3: pyout / display_data keep MIME kinds under short keys
      add('text/plain', prop(out, 'text'));
      add('text/html', prop(out, 'html'));
      add('application/json', prop(out, 'json'));
    }
  });
  return result;
}

/** A JSON value shown as text (for `application/json` outputs): its source lines in the file. */
function jsonText(node: JsonNode, lines: LineIndex): { text: string; jsonLines: number[] } {
  const start = lines.positionAt(node.offset).line;
  const end = lines.positionAt(node.offset + node.length).line;
  const jsonLines: number[] = [];
  let text = '';
  for (let line = start; line <= end; line++) {
    jsonLines.push(line);
    text += lines.lineText(line) + '\n';
  }
  return { text, jsonLines };
}

/** A string or an array of strings: how nbformat stores multi-line text. */
function isText(node: JsonNode): boolean {
  return node.type === 'string' || (node.type === 'array' && (node.children ?? []).every((part) => part.type === 'string'));
}

function cellOf(cellNode: JsonNode, index: number, lines: LineIndex, nbformat: number): NotebookCell {
  const rawType = String(prop(cellNode, 'cell_type')?.value ?? 'code');
  const cellType: NotebookCell['cellType'] = rawType === 'code' ? 'code' : rawType === 'raw' ? 'raw' : 'markdown';
  const sourceKey = nbformat >= 4 || cellType !== 'code' ? 'source' : 'input';
  const sourceNode = prop(cellNode, sourceKey);
  if (sourceNode && !isText(sourceNode))
    throw new NotebookError(`not a valid notebook: the "${sourceKey}" of cell ${index} is not text (a string or a list of strings)`, lines.positionAt(sourceNode.offset).line);
  const { text, jsonLines } = multiline(sourceNode, lines);
  const languageId = prop(prop(prop(cellNode, 'metadata'), 'vscode'), 'languageId')?.value;
  return {
    index,
    cellType,
    source: text,
    sourceJsonLines: jsonLines,
    outputs: cellType === 'code' ? outputsOf(prop(cellNode, 'outputs'), lines, nbformat) : [],
    language: typeof languageId === 'string' ? languageId : undefined,
  };
}

/** Reads an `.ipynb` (nbformat 4, or 3). Throws NotebookError with a clear message on bad input. */
export function parseNotebook(json: string): NotebookModel {
  const lines = new LineIndex(json);
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(json, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    // the JSON parser recurses per nesting level: a pathologically deep file overflows the stack
    if (error instanceof RangeError) throw new NotebookError('not a valid notebook: the JSON is nested too deeply to read', 0);
    throw error;
  }
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const line = first ? lines.positionAt(first.offset).line : undefined;
    const where = line !== undefined ? ` at line ${line + 1}` : '';
    throw new NotebookError(`not a valid notebook: the JSON is malformed (${first ? printParseErrorCode(first.error) : 'empty file'}${where})`, line);
  }
  if (root.type !== 'object') throw new NotebookError('not a valid notebook: the top level is not a JSON object', 0);
  const nbformatValue = prop(root, 'nbformat')?.value;
  const nbformat = typeof nbformatValue === 'number' ? nbformatValue : prop(root, 'cells') ? 4 : 3;
  const metadata = prop(root, 'metadata');
  const language = String(prop(prop(metadata, 'kernelspec'), 'language')?.value ?? prop(prop(metadata, 'language_info'), 'name')?.value ?? 'python').toLowerCase();
  let cellNodes: JsonNode[];
  if (nbformat >= 4) {
    const cells = prop(root, 'cells');
    if (!cells || cells.type !== 'array') throw new NotebookError(`not a valid notebook: nbformat ${nbformat} needs a "cells" array`, 0);
    cellNodes = cells.children ?? [];
  } else {
    const worksheets = prop(root, 'worksheets');
    if (!worksheets || worksheets.type !== 'array') throw new NotebookError('not a valid notebook: nbformat 3 needs a "worksheets" array', 0);
    cellNodes = (worksheets.children ?? []).flatMap((ws) => prop(ws, 'cells')?.children ?? []);
  }
  const cells = cellNodes.map((node, index) => {
    if (node.type !== 'object') throw new NotebookError(`not a valid notebook: cell ${index} is not an object`, lines.positionAt(node.offset).line);
    return cellOf(node, index, lines, nbformat);
  });
  return { nbformat, language, cells };
}
