// A rule that throws on a file must not take the file's other findings with it, and must be
// reported in every output format (never swallowed): the runner records it, the CLI shows it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { defaultConfig } from '../../server/src/engine/config';
import { createEngine } from '../../server/src/engine/engine';
import { defineRule } from '../../server/src/engine/rule';
import { formatJson, formatText, type ScanReport } from '../../server/src/cli/format';
import { toFileReport } from '../../server/src/cli/report';
import { formatSarif } from '../../server/src/cli/sarif';

const throwing = defineRule({
  id: 'throws-on-open',
  category: 'path-traversal',
  severity: 'warning',
  message: 'never reported',
  docs: { what: 'test', why: 'test', fix: 'test', example: { bad: 'open(x)', good: 'open("x")' } },
  calls: ['open'],
  onCall() {
    throw new TypeError('cannot read properties of undefined (reading "text")');
  },
});

describe('rule errors', () => {
  it('keep the other rules’ findings and appear in the JSON, SARIF and text reports', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-rule-errors-'));
    try {
      const file = path.join(dir, 'load.py');
      fs.writeFileSync(file, 'import pickle\nwith open(p, "rb") as f:\n    obj = pickle.load(f)\n');
      const rules = [...allRules.filter((r) => r.id === 'pickle-load-unsafe'), throwing];
      const engine = await createEngine(rules);
      const analysis = engine.analyzeFile(file, undefined, defaultConfig());
      assert.deepEqual(
        analysis.findings.map((f) => f.ruleId),
        ['pickle-load-unsafe'],
      );
      assert.deepEqual(analysis.ruleErrors, [{ ruleId: 'throws-on-open', message: 'cannot read properties of undefined (reading "text")' }]);
      const report: ScanReport = { files: [toFileReport(analysis)], discoveryProblems: [], rules };
      const json = JSON.parse(formatJson(report)) as { warnings?: { file?: string; message: string }[] };
      assert.ok(
        json.warnings?.some((w) => w.file?.endsWith('load.py') && /rule throws-on-open failed on this file/.test(w.message)),
        JSON.stringify(json.warnings),
      );
      const sarif = JSON.parse(formatSarif(report)) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
      assert.ok(sarif.runs[0].invocations[0].toolExecutionNotifications.some((n) => /throws-on-open failed/.test(n.message.text)));
      assert.match(formatText(report, { color: false }), /rule throws-on-open failed on this file \(its findings are missing\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
