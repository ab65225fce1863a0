import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../server/src/engine/config';
import { notebookDocument, pythonDocument, textDocument } from '../../server/src/engine/document';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { findPii } from '../../server/src/engine/secrets/pii';
import { findTextPairs, scanNetrc, scanText } from '../../server/src/engine/secrets/scan';
import { allRules } from '../../rules';
import { pathologicalLines } from './pathological';

/**
 * The pathological lines of ./pathological.ts through every detector. The detectors must finish (a hang fails on mocha's timeout, the
 * only time limit here; speed itself is measured by `npm run bench secrets`) and must not
 * report the noise as secrets.
 */
describe('secret detectors on pathological input', function () {
  this.timeout(60_000);
  let engine: Engine;
  before(async () => {
    engine = await createEngine(allRules);
  });

  it('scan every pathological line without backtracking blow-ups, and find nothing in the noise', () => {
    for (const line of pathologicalLines(50_000)) {
      const secrets = scanText(line, { spaceSeparated: true });
      assert.ok(secrets.length < 10, `${secrets.length} secrets in ${line.slice(0, 30)}…`);
      findTextPairs(line);
      scanNetrc(line);
      findPii(line);
    }
  });

  it('analyse a Python file, an env file and a notebook output made of them', () => {
    const text = pathologicalLines(50_000).slice(0, 40).join('\n');
    const python = engine.analyzeDocument(pythonDocument('/virtual/long.py', `x = """${text}"""\n# ${text.slice(0, 50_000)}\n`), defaultConfig());
    assert.deepEqual(python.ruleErrors, []);
    const env = engine.analyzeDocument(textDocument('/virtual/.env', text, 'env'), defaultConfig());
    assert.deepEqual(env.ruleErrors, []);
    const notebook = engine.analyzeDocument(
      notebookDocument('/virtual/n.ipynb', [{ kind: 'code', text: 'print(x)', outputs: [{ output: 0, outputType: 'stream', mime: 'stream/stdout', text, jsonLines: [] }] }]),
      defaultConfig(),
    );
    assert.deepEqual(notebook.ruleErrors, []);
  });
});
