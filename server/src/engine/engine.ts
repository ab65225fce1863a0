import * as fs from 'node:fs';
import { findConfig, mergeConfig, projectInfo, projectRootOf, selectRules, type Config } from './config';
import { fileKindOf, notebookFromJson, pythonDocument, textDocument, type AnalysisDocument } from './document';
import { NotebookError } from './notebook';
import { loadPython, type ParseCache } from './parser';
import type { Rule, RuleOptions } from './rule';
import { RuleSet, runRules } from './runner';
import { BUILTIN_SENSITIVE_COLUMNS } from './sensitive';
import type { AnalysisResult } from './types';

/** Files larger than this are reported, not analysed (generated code, data dumps). */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;
/** Notebooks carry images in their outputs: allow more. */
export const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

export interface FileAnalysis extends AnalysisResult {
  path: string;
  document?: AnalysisDocument;
  /** Set when the file could not be analysed at all; `problems` says why. */
  skipped?: boolean;
  configProblems: string[];
}

export class Engine {
  private readonly ruleSets = new Map<string, { ruleSet: RuleSet; problems: string[] }>();
  readonly knownRuleIds: ReadonlySet<string>;

  constructor(readonly allRules: readonly Rule[]) {
    this.knownRuleIds = new Set(allRules.map((r) => r.id));
  }

  ruleById(id: string): Rule | undefined {
    return this.allRules.find((r) => r.id === id);
  }

  /** The compiled rule set for a config's select/ignore (cached). */
  ruleSet(config: Pick<Config, 'select' | 'ignore' | 'severity'>): { ruleSet: RuleSet; problems: string[] } {
    const key = JSON.stringify([config.select, config.ignore, Object.keys(config.severity).sort()]);
    let entry = this.ruleSets.get(key);
    if (!entry) {
      const { rules, problems } = selectRules(this.allRules, config);
      entry = { ruleSet: new RuleSet(rules), problems };
      this.ruleSets.set(key, entry);
    }
    return entry;
  }

  ruleOptions(config: Config): RuleOptions {
    return { sensitiveColumns: [...BUILTIN_SENSITIVE_COLUMNS, ...config.sensitiveColumns.map((c) => c.toLowerCase())], allowedHosts: config.allowedHosts };
  }

  /** Analyses a document already in memory (an open editor, a notebook being edited). */
  analyzeDocument(document: AnalysisDocument, config: Config, parseCache?: ParseCache): AnalysisResult & { configProblems: string[] } {
    const { ruleSet, problems } = this.ruleSet(config);
    const root = projectRootOf(document.path, config);
    const result = runRules(document, {
      ruleSet,
      options: this.ruleOptions(config),
      project: projectInfo(root),
      severity: config.severity,
      parseCache,
      knownRuleIds: this.knownRuleIds,
    });
    return { ...result, configProblems: [...config.problems, ...problems] };
  }

  /**
   * Reads and analyses a file from disk. Never throws: a bad file comes back `skipped` with a reason.
   * `base` replaces the config file found for the path (the language server passes the defaults in
   * an untrusted workspace, whose config files must not choose what is reported).
   */
  analyzeFile(filePath: string, settings?: Partial<Config>, base: Config = findConfig(filePath)): FileAnalysis {
    const config = settings ? mergeConfig(base, settings) : base;
    const skip = (message: string): FileAnalysis => ({ path: filePath, findings: [], unusedSuppressions: [], problems: [{ message }], ruleErrors: [], skipped: true, configProblems: config.problems });
    const kind = fileKindOf(filePath);
    if (!kind) return skip('not a file secure-ml scans (Python, notebook, or config/env file)');
    let bytes: Buffer;
    try {
      const stat = fs.statSync(filePath);
      if (!stat.isFile()) return skip('not a regular file');
      const limit = kind.kind === 'notebook' ? MAX_NOTEBOOK_BYTES : MAX_SOURCE_BYTES;
      if (stat.size > limit) return skip(`file is ${(stat.size / 1024 / 1024).toFixed(1)} MB, over the ${limit / 1024 / 1024} MB limit; not analysed`);
      bytes = fs.readFileSync(filePath);
    } catch (error) {
      return skip(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (looksBinary(bytes)) return skip('binary file (contains NUL bytes); not analysed');
    const text = decodeText(bytes);
    let document: AnalysisDocument;
    try {
      document = kind.kind === 'python' ? pythonDocument(filePath, text) : kind.kind === 'notebook' ? notebookFromJson(filePath, text) : textDocument(filePath, text, kind.textKind);
    } catch (error) {
      if (error instanceof NotebookError) {
        const result = skip(error.message);
        if (error.line !== undefined) result.problems[0].range = { start: { line: error.line, character: 0 }, end: { line: error.line, character: 0 } };
        return result;
      }
      throw error;
    }
    const result = this.analyzeDocument(document, config);
    return { ...result, path: filePath, document };
  }
}

/** UTF-16 with a byte-order mark (Windows PowerShell writes `.env` files so): text, not binary. */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

export function looksBinary(bytes: Uint8Array): boolean {
  if (utf16Encoding(bytes)) return false;
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** UTF-8 (or UTF-16 with a BOM) without the BOM; invalid sequences become U+FFFD rather than failing the file. */
export function decodeText(bytes: Uint8Array): string {
  const text = new TextDecoder(utf16Encoding(bytes) ?? 'utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Loads the grammar (once per process) and returns an engine for the rule catalogue. */
export async function createEngine(rules: readonly Rule[]): Promise<Engine> {
  await loadPython();
  return new Engine(rules);
}
