import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { findPii } from '../../server/src/engine/secrets/pii';
import { redact } from '../../server/src/engine/secrets/redact';
import { scanText } from '../../server/src/engine/secrets/scan';
import { allRules } from '../../rules';
import { ensureBuilt, project, runCli } from '../cli/helpers';
import { fixtureFiles, FIXTURES } from '../helpers/fixtures';
import { fileUri, LspHarness } from '../lsp/harness';

/**
 * "Never print a secret in full": every secret and personal value in the secret fixtures is
 * searched for in everything secure-ml writes about them: engine findings, the CLI's text, JSON
 * and SARIF reports and its baseline file, and the language server's diagnostics. The only
 * place a value may appear is a fix's `.env` file edit, which exists to store it.
 */
const FOLDERS = [
  'hardcoded-provider-secret',
  'hardcoded-private-key',
  'hardcoded-url-credentials',
  'hardcoded-generic-secret',
  'secret-in-notebook-output',
  'secret-printed',
  'secret-in-url-query',
  'secret-on-command-line',
  'pii-in-notebook-output',
];

function leaks(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => text.includes(s)).map((s) => redact(s));
}

/** A finding or diagnostic as JSON, without the `.env` edits that carry the value on purpose. */
function withoutEnvEdits(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => (key === 'fileEdits' ? undefined : inner));
}

describe('redaction: no fixture secret appears in full in any output', function () {
  this.timeout(120_000);
  let engine: Engine;
  const files = FOLDERS.flatMap((folder) => fixtureFiles(folder));
  const secrets = new Set<string>();

  before(async () => {
    engine = await createEngine(allRules);
    for (const file of files) {
      const document = engine.analyzeFile(file).document;
      for (const unit of document?.units ?? []) {
        for (const match of scanText(unit.text, { context: path.basename(file), spaceSeparated: true })) secrets.add(match.secret);
        for (const output of unit.outputs) {
          for (const match of scanText(output.text)) secrets.add(match.secret);
          for (const pii of findPii(output.text)) secrets.add(pii.value);
        }
      }
    }
    for (const secret of [...secrets]) if (secret.length < 8) secrets.delete(secret);
  });

  it('collects the fixture secrets to look for', () => {
    assert.ok(secrets.size > 100, `only ${secrets.size} secrets collected`);
  });

  it('engine findings: messages and data', () => {
    const list = [...secrets];
    let findings = 0;
    for (const file of files) {
      const result = engine.analyzeFile(file);
      for (const finding of result.findings) {
        findings++;
        assert.deepEqual(leaks(withoutEnvEdits(finding), list), [], `${path.relative(FIXTURES, file)}: ${finding.ruleId} at ${finding.unit}:${finding.range.start.line + 1}`);
      }
      assert.deepEqual(leaks(JSON.stringify(result.problems) + JSON.stringify(result.unusedSuppressions), list), []);
    }
    assert.ok(findings > 150, `only ${findings} findings`);
  });

  describe('CLI and language server', () => {
    let dir: string;
    before(() => {
      ensureBuilt();
      dir = project({});
      for (const folder of FOLDERS) fs.cpSync(path.join(FIXTURES, folder), path.join(dir, folder), { recursive: true });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const format of ['text', 'json', 'sarif']) {
      it(`secure-ml scan --format ${format}`, () => {
        const run = runCli(['scan', '.', '--format', format, '--fail-on', 'never'], dir);
        assert.equal(run.status, 0, run.stderr);
        assert.ok(/hardcoded-provider-secret/.test(run.stdout), 'the report has no secret findings');
        assert.deepEqual(leaks(run.stdout + run.stderr, [...secrets]), []);
      });
    }

    it('secure-ml scan --write-baseline', () => {
      const run = runCli(['scan', '.', '--write-baseline', 'baseline.json', '--fail-on', 'never'], dir);
      assert.equal(run.status, 0, run.stderr);
      const baseline = fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8');
      assert.ok(baseline.length > 100);
      assert.deepEqual(leaks(run.stdout + run.stderr + baseline, [...secrets]), []);
    });

    it('language server diagnostics (Python, config files, notebooks with saved outputs)', async () => {
      const h = new LspHarness({ workspace: dir });
      try {
        await h.initialize();
        const published: Diagnostic[] = [];
        for (const file of files) {
          const target = path.join(dir, path.relative(FIXTURES, file));
          const uri = fileUri(target);
          const text = fs.readFileSync(target, 'utf8');
          if (target.endsWith('.ipynb')) {
            const notebook = JSON.parse(text) as { cells: { cell_type: string; source: string[] | string }[] };
            const cells = notebook.cells.map((c) => ({ kind: c.cell_type === 'code' ? ('code' as const) : ('markdown' as const), text: Array.isArray(c.source) ? c.source.join('') : c.source }));
            const cellUris = await h.openNotebook(uri, cells);
            for (const cellUri of cellUris) published.push(...(await h.waitFor(cellUri)));
          } else {
            const wait = h.waitFor(uri);
            await h.open(uri, target.endsWith('.py') ? 'python' : 'plaintext', text);
            published.push(...(await wait));
          }
        }
        assert.ok(published.length > 100, `only ${published.length} diagnostics`);
        assert.deepEqual(leaks(withoutEnvEdits(published), [...secrets]), []);
      } finally {
        await h.stop();
      }
    });
  });
});
