// `npm run evaluate [-- --markdown | --json] [--verbose] [--no-bandit] [--bandit-notebooks]`: precision and recall per
// category of secure-ml on every labelled corpus (test/labelled/<area>/<tuning|held-out>/), next
// to Bandit's on the Python files (Bandit does not read notebooks). Format: docs/evaluation.md.
import * as path from 'node:path';
import { createEngine } from '../../server/src/engine/engine';
import { allRules } from '../../rules';
import { analyse, AREAS, banditFindings, banditOnNotebooks, banditVersion, ROOT, score, total, type Row, type Score } from './evaluate';

/** A category's name in the tables, with its area where several areas score it (`secrets/pii-exposure`). */
const nameOf = (row: Row) => (Object.values(AREAS).filter((c) => c.includes(row.category)).length > 1 ? `${row.area}/${row.category}` : row.category);

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
const p = (s: Score) => pct(s.tp, s.tp + s.fp);
const r = (s: Score) => pct(s.tp, s.tp + s.fn);

function text(rows: Row[], bandit: string | undefined): string {
  const head = `${'set'.padEnd(8)}  ${'category'.padEnd(28)} ${'lines'.padStart(5)} | secure-ml  TP  FP  FN  precision  recall | .py lines  secure-ml prec  recall | ${bandit ? `bandit ${bandit}` : 'bandit'}  TP  FP  FN  precision  recall`;
  const line = (set: string, category: string, row: { secureMl: Score; secureMlPython: Score; bandit?: Score }) =>
    [
      `${set.padEnd(8)}  ${category.padEnd(28)} ${String(row.secureMl.labelled).padStart(5)} |`,
      `${String(row.secureMl.tp).padStart(12)} ${String(row.secureMl.fp).padStart(3)} ${String(row.secureMl.fn).padStart(3)} ${p(row.secureMl).padStart(10)} ${r(row.secureMl).padStart(7)} |`,
      `${String(row.secureMlPython.labelled).padStart(9)} ${p(row.secureMlPython).padStart(14)} ${r(row.secureMlPython).padStart(7)} |`,
      row.bandit
        ? `${String(row.bandit.tp).padStart(bandit ? 15 : 9)} ${String(row.bandit.fp).padStart(3)} ${String(row.bandit.fn).padStart(3)} ${p(row.bandit).padStart(10)} ${r(row.bandit).padStart(7)}`
        : ' (not installed)',
    ].join('');
  const out = [head];
  for (const set of ['tuning', 'held-out'] as const) {
    const of = rows.filter((row) => row.set === set);
    if (!of.length) continue;
    for (const row of of) out.push(line(set, nameOf(row), row));
    const sum = { secureMl: total(of, (x) => x.secureMl), secureMlPython: total(of, (x) => x.secureMlPython), bandit: bandit ? total(of, (x) => x.bandit) : undefined };
    out.push(line(set, 'all', sum));
  }
  return out.join('\n');
}

function markdown(rows: Row[], bandit: string | undefined): string {
  const out = [
    `| set | category | labelled lines | secure-ml TP / FP / FN | secure-ml precision | secure-ml recall | labelled lines in .py | secure-ml on .py: precision / recall | Bandit ${bandit ?? ''} TP / FP / FN | Bandit precision | Bandit recall |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const line = (set: string, category: string, row: { secureMl: Score; secureMlPython: Score; bandit?: Score }) => {
    const b = row.bandit;
    return `| ${set} | ${category} | ${row.secureMl.labelled} | ${row.secureMl.tp} / ${row.secureMl.fp} / ${row.secureMl.fn} | ${p(row.secureMl)} | ${r(row.secureMl)} | ${row.secureMlPython.labelled} | ${p(row.secureMlPython)} / ${r(row.secureMlPython)} | ${b ? `${b.tp} / ${b.fp} / ${b.fn}` : 'not run'} | ${b ? p(b) : ''} | ${b ? r(b) : ''} |`;
  };
  for (const set of ['tuning', 'held-out'] as const) {
    const of = rows.filter((row) => row.set === set);
    if (!of.length) continue;
    for (const row of of) out.push(line(set, `\`${nameOf(row)}\``, row));
    out.push(line(set, '**all**', { secureMl: total(of, (x) => x.secureMl), secureMlPython: total(of, (x) => x.secureMlPython), bandit: bandit ? total(of, (x) => x.bandit) : undefined }));
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const engine = await createEngine(allRules);
  const results = analyse(engine);
  const version = args.includes('--no-bandit') ? undefined : banditVersion();
  const pythonFiles = results.filter((x) => x.file.endsWith('.py')).map((x) => x.file);
  const converted = version && args.includes('--bandit-notebooks') ? banditOnNotebooks(results.filter((x) => x.file.endsWith('.ipynb')).map((x) => x.file)) : undefined;
  const rows = score(results, version ? banditFindings(pythonFiles) : undefined, converted);
  const problems = results.flatMap((x) => [...x.problems.map((m) => `${path.relative(ROOT, x.file)}: ${m}`), ...x.labelProblems]);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ bandit: version ?? null, files: results.length, pythonFiles: pythonFiles.length, problems, rows }, null, 2));
    return;
  }
  const sets = [...new Set(results.map((x) => `${x.area}/${x.set}`))];
  console.log(
    `${results.length} files (${pythonFiles.length} Python, ${results.length - pythonFiles.length} notebooks) in ${sets.join(', ')}; ${results.reduce((n, x) => n + x.labels.size, 0)} labelled lines`,
  );
  console.log(
    version
      ? `Bandit ${version} on the Python files only (it does not read notebooks); Ruff is not scored (not installable here, see docs/evaluation.md)\n`
      : 'Bandit is not installed: apt-get install bandit\n',
  );
  console.log(args.includes('--markdown') ? markdown(rows, version) : text(rows, version));
  if (converted) {
    console.log('\nBandit on every file, notebooks converted to scripts first (magics blanked), against all labels:');
    console.log(`${'set'.padEnd(8)}  ${'category'.padEnd(28)} ${'lines'.padStart(5)}   TP  FP  FN  precision  recall`);
    for (const row of rows) {
      const b = row.banditConverted!;
      console.log(
        `${row.set.padEnd(8)}  ${row.category.padEnd(24)} ${String(b.labelled).padStart(5)} ${String(b.tp).padStart(4)} ${String(b.fp).padStart(3)} ${String(b.fn).padStart(3)} ${p(b).padStart(10)} ${r(b).padStart(7)}`,
      );
    }
  }
  for (const problem of problems) console.log(`problem: ${problem}`);
  for (const row of rows) {
    for (const key of row.secureMl.falsePositives) console.log(`secure-ml false positive (${row.set}, ${row.category}): ${key}`);
    for (const key of row.secureMl.misses) console.log(`secure-ml missed (${row.set}, ${row.category}): ${key}`);
    if (args.includes('--verbose') && row.bandit) {
      for (const key of row.bandit.falsePositives) console.log(`bandit false positive (${row.set}, ${row.category}): ${key}`);
      for (const key of row.bandit.misses) console.log(`bandit missed (${row.set}, ${row.category}): ${key}`);
    }
  }
  if (problems.length) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
