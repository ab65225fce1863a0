// Neovim 0.7.2 (Debian) as a second, independent LSP client: it starts `secure-ml server
// --stdio`, opens a Python file, receives diagnostics, asks for code actions, applies the quick
// fix and the ignore action, and saves. client.lua records what happened; this file checks it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliPath, checkBuilt, copyWorkspace, resultsRoot, startGroup, stopGroup, tempDir } from '../../../scripts/e2e/lib/harness';

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  codeDescription?: { href: string };
}

interface ActionSummary {
  title: string;
  kind?: string;
  isPreferred: boolean;
  hasEdit: boolean;
  hasCommand: boolean;
}

interface Record {
  steps: string[];
  errors: string[];
  capabilities?: { codeActionProvider: boolean };
  initial?: LspDiagnostic[];
  fix_actions?: ActionSummary[];
  applied_fix?: string;
  after_fix?: LspDiagnostic[];
  text_after_fix?: string;
  ignore_actions?: ActionSummary[];
  applied_ignore?: string;
  after_ignore?: LspDiagnostic[];
  text_after_ignore?: string;
  after_typing?: LspDiagnostic[];
}

const FIX_RULE = 'torch-load-unsafe';
const IGNORE_RULE = 'pickle-load-unsafe';

function ids(diagnostics: LspDiagnostic[] | undefined): string[] {
  return (diagnostics ?? []).map((d) => String(d.code));
}

describe('Neovim 0.7.2 as an LSP client of secure-ml server --stdio', function () {
  let record: Record;
  let file: string;

  before(async function () {
    checkBuilt();
    const logDir = path.join(resultsRoot, 'neovim');
    fs.rmSync(logDir, { recursive: true, force: true });
    fs.mkdirSync(logDir, { recursive: true });
    const runDir = tempDir('neovim');
    file = path.join(copyWorkspace(runDir), 'neovim.py');
    const resultFile = path.join(runDir, 'result.json');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SECURE_ML_CLI: cliPath,
      E2E_FILE: file,
      E2E_FIX_RULE: FIX_RULE,
      E2E_IGNORE_RULE: IGNORE_RULE,
      E2E_RESULT: resultFile,
    };
    // nvim writes its LSP log and shada under these: keep them in the run
    for (const name of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME']) {
      env[name] = path.join(runDir, name.toLowerCase());
    }
    const nvim = startGroup('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${path.join(__dirname, 'client.lua')}`, file], { env, log: path.join(logDir, 'nvim.log') });
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nvim did not finish within 45 s (log: ${path.join(logDir, 'nvim.log')})`)), 45_000);
      nvim.on('error', (error) => reject(new Error(`could not start nvim (run scripts/e2e/setup.sh): ${error.message}`)));
      nvim.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    }).finally(() => stopGroup(nvim.pid!));
    const lspLog = path.join(env.XDG_CACHE_HOME!, 'nvim', 'lsp.log');
    if (fs.existsSync(lspLog)) fs.copyFileSync(lspLog, path.join(logDir, 'lsp.log'));
    assert.ok(fs.existsSync(resultFile), `nvim exited with ${exitCode} and wrote no result (log: ${path.join(logDir, 'nvim.log')})`);
    record = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Record;
    fs.writeFileSync(path.join(logDir, 'result.json'), JSON.stringify(record, null, 2));
  });

  it('starts the server and completes initialize, with code actions', () => {
    assert.ok(record.steps.includes('initialized'), `errors: ${record.errors.join('; ')}`);
    assert.equal(record.capabilities?.codeActionProvider, true);
  });

  it('publishes diagnostics for the opened Python file with rule id, source, severity and docs link', () => {
    assert.ok(record.initial, `no diagnostics arrived: ${record.errors.join('; ')}`);
    const torch = record.initial!.find((d) => d.code === FIX_RULE);
    const pickle = record.initial!.find((d) => d.code === IGNORE_RULE);
    assert.ok(torch && pickle, `diagnostics: ${ids(record.initial).join(', ')}`);
    assert.equal(torch.source, 'secure-ml');
    assert.equal(torch.severity, 1, 'torch-load-unsafe is an error');
    assert.deepEqual(torch.range.start, { line: 5, character: torch.range.start.character });
    assert.ok(torch.range.start.character >= 8 && torch.range.start.character < 42, `range ${JSON.stringify(torch.range)}`);
    assert.match(torch.codeDescription?.href ?? '', /torch-load-unsafe/);
    assert.equal(pickle.range.start.line, 7);
  });

  it('offers a preferred quick fix and an ignore action, and applying the fix removes the diagnostic', () => {
    assert.ok(record.steps.includes('fixed'), `errors: ${record.errors.join('; ')}; actions: ${JSON.stringify(record.fix_actions)}`);
    assert.ok(
      record.fix_actions!.some((a) => /ignore/i.test(a.title)),
      `no ignore action: ${JSON.stringify(record.fix_actions)}`,
    );
    assert.ok(!ids(record.after_fix).includes(FIX_RULE));
    assert.ok(ids(record.after_fix).includes(IGNORE_RULE), 'the other finding must stay');
    assert.match(record.text_after_fix!.split('\n')[5], /^state = torch\.load\("checkpoints\/last\.pt", weights_only=True\)$/);
  });

  it('the ignore action writes the suppression comment and the diagnostic goes', () => {
    assert.ok(record.steps.includes('ignored'), `errors: ${record.errors.join('; ')}; actions: ${JSON.stringify(record.ignore_actions)}`);
    assert.ok(!ids(record.after_ignore).includes(IGNORE_RULE), `left: ${ids(record.after_ignore).join(', ')}`);
    assert.match(record.text_after_ignore!, /secure-ml: ignore\[pickle-load-unsafe\]/);
  });

  it('the saved file holds both edits and is valid Python', () => {
    assert.ok(record.steps.includes('saved'), `errors: ${record.errors.join('; ')}`);
    const saved = fs.readFileSync(file, 'utf8');
    assert.equal(saved.replace(/\n$/, ''), record.text_after_ignore);
    execFileSync('/usr/bin/python3', ['-m', 'py_compile', file]);
  });

  it('reports a line typed after the save (the change reaches the server)', () => {
    assert.ok(record.steps.includes('typed'), `errors: ${record.errors.join('; ')}`);
    const typed = record.after_typing!.filter((d) => d.code === FIX_RULE);
    assert.equal(typed.length, 1);
    assert.equal(typed[0].range.start.line, record.text_after_ignore!.split('\n').length);
  });
});
