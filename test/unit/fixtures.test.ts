import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFixes } from '../../server/src/engine/apply';
import { notebookDocument, pythonDocument, type AnalysisDocument } from '../../server/src/engine/document';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { findConfig } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/types';
import { allRules } from '../../rules';
import { compareFindings, expectationsOf } from '../helpers/expectations';
import { compilePython } from '../helpers/python';
import { fixtureFiles, FIXTURES } from '../helpers/fixtures';

/**
 * Every folder `test/fixtures/<rule-id>/` holds Python files, notebooks and config files with
 * inline expectations. Each fixture is analysed with the whole catalogue; the findings of the
 * folder's rule (and of any rule an expectation names) must match the expectations exactly.
 * A `<name>.fixed.py` / `<name>.fixed.ipynb` beside a fixture is the exact text after applying
 * every fix of those rules; the result must compile and the fixed findings must be gone.
 */
let engine: Engine;

function ruleIdsFor(folderRule: string, expectations: ReturnType<typeof expectationsOf>): Set<string> {
  const ids = new Set([folderRule]);
  for (const list of expectations.values()) for (const e of list) ids.add(e.ruleId);
  return ids;
}

function reanalyze(original: AnalysisDocument, texts: string[]): AnalysisDocument {
  if (original.kind === 'notebook')
    return notebookDocument(
      original.path,
      original.units.map((u, i) => ({ kind: u.cellType ?? 'code', text: texts[i], key: `${original.path}#fixed#${i}` })),
      original.notebook,
    );
  return pythonDocument(original.path, texts[0], `${original.path}#fixed`);
}

/** Applies the first fix of every finding of `ruleIds`, re-analysing until nothing more applies. */
function fixAll(document: AnalysisDocument, ruleIds: Set<string>): { document: AnalysisDocument; findings: Finding[] } {
  const config = findConfig(document.path);
  let current = document;
  let findings = engine.analyzeDocument(current, config).findings;
  for (let round = 0; round < 6; round++) {
    const fixes = findings.filter((f) => ruleIds.has(f.ruleId) && f.fixes.length > 0).map((f) => f.fixes[0]);
    if (fixes.length === 0) break;
    const { texts, applied } = applyFixes(
      current.units.map((u) => u.text),
      fixes,
    );
    if (applied.length === 0) break;
    current = reanalyze(current, texts);
    findings = engine.analyzeDocument(current, config).findings;
  }
  return { document: current, findings };
}

describe('rule fixtures', function () {
  this.timeout(60_000);
  before(async () => {
    engine = await createEngine(allRules);
  });

  const folders = fs.existsSync(FIXTURES) ? fs.readdirSync(FIXTURES).filter((f) => fs.statSync(path.join(FIXTURES, f)).isDirectory()) : [];
  for (const folder of folders) {
    describe(folder, () => {
      for (const file of fixtureFiles(folder)) {
        const relative = path.relative(FIXTURES, file);
        it(`${relative} matches its expectations`, () => {
          const result = engine.analyzeFile(file);
          assert.ok(!result.skipped, `fixture was not analysed: ${result.problems.map((p) => p.message).join('; ')}`);
          assert.deepEqual(result.ruleErrors, [], 'a rule threw');
          const expectations = expectationsOf(result.document!, file);
          const problems = compareFindings(expectations, result.findings, ruleIdsFor(folder, expectations));
          assert.deepEqual(problems, [], `${relative}:\n  ${problems.join('\n  ')}`);
        });

        const fixed = file.replace(/\.(py|ipynb)$/, '.fixed.$1');
        if (fixed === file || !fs.existsSync(fixed)) continue;
        it(`${relative} fixes to ${path.basename(fixed)}, which compiles and no longer fires`, () => {
          const result = engine.analyzeFile(file);
          const expectations = expectationsOf(result.document!, file);
          const ruleIds = ruleIdsFor(folder, expectations);
          const before = result.findings.filter((f) => ruleIds.has(f.ruleId));
          assert.ok(
            before.some((f) => f.fixes.length > 0),
            'the fixture has no fixable finding',
          );
          const { document, findings } = fixAll(result.document!, ruleIds);
          const expected = engine.analyzeFile(fixed).document!;
          assert.deepEqual(
            document.units.map((u) => u.text),
            expected.units.map((u) => u.text),
            'fixed text differs from the .fixed file',
          );
          const failures = compilePython(document.units.filter((u) => u.language === 'python').map((u) => ({ name: `${relative}#${u.index}`, code: u.code })));
          assert.deepEqual([...failures], [], 'the fixed code does not compile');
          const after = findings.filter((f) => ruleIds.has(f.ruleId));
          assert.deepEqual(
            after.filter((f) => f.fixes.length > 0).map((f) => `${f.ruleId} at ${f.unit}:${f.range.start.line + 1}`),
            [],
            'findings with a fix remain after fixing',
          );
          assert.equal(after.length, before.filter((f) => f.fixes.length === 0).length, 'fixing changed the findings that have no fix');
        });
      }
    });
  }
});
