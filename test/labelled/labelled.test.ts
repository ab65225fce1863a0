import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pythonDocument } from '../../server/src/engine/document';
import { createEngine } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/types';
import { allRules } from '../../rules';
import { analyse, AREAS, corpusFiles, knownCategories, LABELLED, notebookAsScript, precision, recall, ROOT, score, SETS, type FileResult, type Row } from '../../scripts/evaluate/evaluate';
import { labelsOf } from '../../scripts/evaluate/labels';
import { compareFindings, expectationsOf } from '../helpers/expectations';

/**
 * Every labelled corpus (test/labelled/<area>/<tuning|held-out>/, format in docs/evaluation.md),
 * scored as `npm run evaluate` scores it: on the tuning sets every category keeps precision >= 95%
 * and recall >= 90% (issue 3); every label is well-formed; files that also carry `# expect:`
 * comments fire exactly there. Held-out sets are measured, not asserted: a threshold on them
 * would make them tuning sets.
 */
describe('labelled corpora: precision and recall per category', function () {
  this.timeout(120_000);
  let results: FileResult[];
  let rows: Row[];
  before(async () => {
    results = analyse(await createEngine(allRules));
    rows = score(results);
  });

  it('holds only known areas and sets, each tuning set with scripts and notebooks', () => {
    for (const area of fs.readdirSync(LABELLED, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      assert.ok(area.name in AREAS, `test/labelled/${area.name} is not an area the evaluator scores`);
      for (const set of fs.readdirSync(path.join(LABELLED, area.name), { withFileTypes: true }).filter((e) => e.isDirectory()))
        assert.ok((SETS as readonly string[]).includes(set.name), `test/labelled/${area.name}/${set.name} is neither tuning nor held-out`);
      const tuning = corpusFiles().filter((f) => f.area === area.name && f.set === 'tuning');
      assert.ok(tuning.some((f) => f.file.endsWith('.py')) && tuning.some((f) => f.file.endsWith('.ipynb')), `${area.name}/tuning needs scripts and notebooks`);
    }
  });

  it('analyses every file and finds every label well-formed', () => {
    const problems = results.flatMap((r) => [...r.problems.map((p) => `${path.relative(ROOT, r.file)}: ${p}`), ...r.labelProblems]);
    assert.deepEqual(problems, []);
  });

  it('fires exactly on the `# expect:` lines of the files that carry them', () => {
    let checked = 0;
    for (const r of results) {
      const expected = expectationsOf(r.document!, r.file);
      if (!expected.size) continue;
      checked++;
      const ids = new Set(allRules.filter((rule) => AREAS[r.area].includes(rule.category)).map((rule) => rule.id));
      assert.deepEqual(compareFindings(expected, r.findings, ids), [], path.relative(ROOT, r.file));
    }
    assert.ok(checked > 0, 'no file carries # expect: comments');
  });

  for (const [area, categories] of Object.entries(AREAS))
    for (const category of categories)
      it(`${area}/tuning ${category}: at least 5 labelled lines, precision >= 95%, recall >= 90%`, () => {
        const row = rows.find((r) => r.area === area && r.category === category && r.set === 'tuning');
        assert.ok(row, `${category} has no tuning set`);
        const s = row.secureMl;
        assert.ok(s.labelled >= 5, `only ${s.labelled} labelled lines`);
        assert.ok(precision(s) >= 0.95, `precision ${s.tp}/${s.tp + s.fp}; false positives at ${s.falsePositives.join(', ')}`);
        assert.ok(recall(s) >= 0.9, `recall ${s.tp}/${s.tp + s.fn}; missed ${s.misses.join(', ')}`);
      });
});

describe('labelled corpora: label format and scoring', () => {
  const labels = (text: string) => labelsOf(pythonDocument('/x/case.py', text), '/x/case.py', knownCategories);

  it('reads labels on the line, on the next line, and with a following comment', () => {
    const { labels: found, problems } = labels('a = 1  # risk: weak-crypto, sql-injection\n# risk-next-line: command-injection\nb = 2\nc = 3  # risk: path-traversal  # expect: x\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [...found].map(([k, v]) => [k, [...v]]),
      [
        ['0:1', ['weak-crypto', 'sql-injection']],
        ['0:3', ['command-injection']],
        ['0:4', ['path-traversal']],
      ],
    );
  });

  it('reports malformed labels, unknown categories and labels on blank lines', () => {
    const { problems } = labels(
      'a = 1  # risk: Weak crypto\nb = 2  # risk: weak-cryptography\n# risk-next-line: weak-crypto\n\nc = 3  # risk-next-line: weak-crypto\nd = 4  # risk: weak-crypto, weak-crypto\n',
    );
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.match(problems[0], /malformed label/);
    assert.match(problems[1], /unknown category "weak-cryptography"/);
    assert.match(problems[2], /blank line/);
    assert.match(problems[3], /must stand alone/);
    assert.match(problems[4], /labelled twice/);
  });

  it('counts a finding on a labelled line as true, elsewhere as false, a quiet label as missed; Bandit on .py only', () => {
    const finding = (line: number, category: string) => ({ unit: 0, category, range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 1 } } }) as unknown as Finding;
    const file = path.join(LABELLED, 'crypto-injection', 'tuning', 'case.py');
    const notebook = path.join(LABELLED, 'crypto-injection', 'tuning', 'case.ipynb');
    const label = (entries: [string, string][]) => new Map(entries.map(([k, c]) => [k, new Set([c])]));
    const result: FileResult[] = [
      {
        file,
        area: 'crypto-injection',
        set: 'tuning',
        labels: label([
          ['0:1', 'weak-crypto'],
          ['0:2', 'weak-crypto'],
        ]),
        findings: [finding(1, 'weak-crypto'), finding(3, 'weak-crypto')],
        labelProblems: [],
        problems: [],
      },
      { file: notebook, area: 'crypto-injection', set: 'tuning', labels: label([['1:1', 'weak-crypto']]), findings: [], labelProblems: [], problems: [] },
    ];
    const bandit = new Map([[file, new Map([['0:2', new Set(['weak-crypto'])]])]]);
    const row = score(result, bandit).find((r) => r.category === 'weak-crypto')!;
    assert.deepEqual([row.secureMl.labelled, row.secureMl.tp, row.secureMl.fp, row.secureMl.fn], [3, 1, 1, 2]);
    assert.deepEqual([row.secureMlPython.labelled, row.secureMlPython.tp, row.secureMlPython.fp, row.secureMlPython.fn], [2, 1, 1, 1]);
    assert.deepEqual([row.bandit!.labelled, row.bandit!.tp, row.bandit!.fp, row.bandit!.fn], [2, 1, 0, 1]);
  });

  it('turns a notebook into the script Bandit reads, each line mapped back to its cell and line', async () => {
    const notebook = corpusFiles().find((f) => f.file.endsWith('.ipynb') && fs.readFileSync(f.file, 'utf8').includes('"!'))!.file;
    const { script, lines } = notebookAsScript(notebook);
    const document = (await createEngine(allRules)).analyzeFile(notebook).document!;
    const text = new Map(document.units.map((u) => [u.index, u.text.split('\n')]));
    assert.equal(script.length, lines.length);
    let magics = 0;
    script.forEach((line, i) => {
      const [cell, number] = lines[i].split(':').map(Number);
      const original = text.get(cell)![number - 1];
      if (/^\s*[!%]/.test(original)) {
        magics++;
        assert.match(line, /^\s*pass$/);
      } else assert.equal(line, original, lines[i]);
    });
    assert.ok(magics > 0, 'the notebook has no magic to blank');
  });
});
