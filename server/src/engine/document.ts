import * as path from 'node:path';
import { maskMagics, type Magic } from './magics';
import { parseNotebook, type NotebookModel, type OutputText } from './notebook';
import { LineIndex } from './text';

/**
 * What the engine analyses. A document is a sequence of units: one for a Python or config
 * file, one per cell for a notebook. Python units are parsed one by one (an edit in a cell
 * reparses that cell only) but resolved as one program: a name imported in cell 1 resolves a
 * call in cell 7.
 */
export type DocumentKind = 'python' | 'notebook' | 'text';

/** Kinds of non-Python files scanned for secrets. */
export type TextFileKind = 'env' | 'yaml' | 'json' | 'toml' | 'ini' | 'netrc' | 'dockerfile' | 'shell' | 'text';

export interface SourceUnit {
  /** Cell index among all cells (notebooks), 0 for files. */
  readonly index: number;
  /** `python` units are parsed and checked by the code rules; `text` units only by the text detectors. */
  readonly language: 'python' | 'text';
  /** The text as the user sees it. */
  readonly text: string;
  /** The text the parser sees: IPython magics masked, same length as `text`. */
  readonly code: string;
  readonly magics: Magic[];
  /** Notebook cell type when the unit is a cell. */
  readonly cellType?: 'code' | 'markdown' | 'raw';
  /** Saved outputs of the cell (read from the `.ipynb` on disk). */
  readonly outputs: OutputText[];
  /** Key for the parse cache (a URI in the server, path#cell in the CLI). */
  readonly key: string;
  readonly lines: LineIndex;
}

export interface AnalysisDocument {
  /** File system path (config lookup, messages, `.env` fixes). May be a URI string for unsaved documents. */
  readonly path: string;
  readonly kind: DocumentKind;
  readonly textKind?: TextFileKind;
  readonly units: SourceUnit[];
  readonly notebook?: NotebookModel;
}

class Unit implements SourceUnit {
  readonly code: string;
  readonly magics: Magic[];
  private lineIndex?: LineIndex;

  constructor(
    readonly index: number,
    readonly language: 'python' | 'text',
    readonly text: string,
    readonly key: string,
    readonly outputs: OutputText[] = [],
    readonly cellType?: 'code' | 'markdown' | 'raw',
    isNotebookCell = false,
  ) {
    if (language === 'python' && isNotebookCell) {
      const masked = maskMagics(text);
      this.code = masked.code;
      this.magics = masked.magics;
      if (masked.foreignCell) this.language = 'text';
    } else {
      this.code = text;
      this.magics = [];
    }
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }
}

export function pythonDocument(filePath: string, text: string, key = filePath): AnalysisDocument {
  return { path: filePath, kind: 'python', units: [new Unit(0, 'python', text, key)] };
}

export function textDocument(filePath: string, text: string, textKind: TextFileKind = textKindOf(filePath) ?? 'text', key = filePath): AnalysisDocument {
  return { path: filePath, kind: 'text', textKind, units: [new Unit(0, 'text', text, key)] };
}

export interface CellInput {
  kind: 'code' | 'markdown' | 'raw';
  text: string;
  /** Parse-cache key (the cell URI in the server). */
  key?: string;
  /** Language of a code cell; Python unless given. */
  language?: string;
  outputs?: OutputText[];
}

const PYTHON_LANGUAGES = new Set(['python', 'python3', 'ipython', 'ipython3', 'py']);

/** A notebook from its cells (as the language server receives them, or as read from disk). */
export function notebookDocument(filePath: string, cells: CellInput[], notebook?: NotebookModel): AnalysisDocument {
  const units = cells.map((cell, index) => {
    const isPython = cell.kind === 'code' && PYTHON_LANGUAGES.has((cell.language ?? 'python').toLowerCase());
    return new Unit(index, isPython ? 'python' : 'text', cell.text, cell.key ?? `${filePath}#${index}`, cell.outputs ?? [], cell.kind, true);
  });
  return { path: filePath, kind: 'notebook', units, notebook };
}

/** Reads `.ipynb` JSON into a document. Throws NotebookError on malformed input. */
export function notebookFromJson(filePath: string, json: string): AnalysisDocument {
  const notebook = parseNotebook(json);
  const kernelIsPython = PYTHON_LANGUAGES.has(notebook.language);
  return notebookDocument(
    filePath,
    notebook.cells.map((cell) => ({
      kind: cell.cellType,
      text: cell.source,
      language: cell.language ?? (kernelIsPython ? 'python' : notebook.language),
      outputs: cell.outputs,
    })),
    notebook,
  );
}

/** The kind of a non-Python file worth scanning for secrets, or undefined. */
export function textKindOf(filePath: string): TextFileKind | undefined {
  const base = path.basename(filePath).toLowerCase();
  const ext = path.extname(base);
  if (base === '.env' || base.startsWith('.env.') || ext === '.env') return 'env';
  if (base === '.netrc' || base === '_netrc') return 'netrc';
  if (base === 'dockerfile' || base.startsWith('dockerfile.') || ext === '.dockerfile') return 'dockerfile';
  switch (ext) {
    case '.yaml':
    case '.yml':
      return 'yaml';
    case '.json':
      return 'json';
    case '.toml':
      return 'toml';
    case '.ini':
    case '.cfg':
    case '.conf':
      return 'ini';
    case '.sh':
    case '.bash':
    case '.zsh':
      return 'shell';
    default:
      return undefined;
  }
}

export type FileKind = { kind: 'python' } | { kind: 'notebook' } | { kind: 'text'; textKind: TextFileKind };

/** Which kind of document a path holds, or undefined when secure-ml does not scan it. */
export function fileKindOf(filePath: string): FileKind | undefined {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.py' || ext === '.pyw') return { kind: 'python' };
  if (ext === '.ipynb') return { kind: 'notebook' };
  const textKind = textKindOf(filePath);
  return textKind ? { kind: 'text', textKind } : undefined;
}
