import * as assert from 'node:assert/strict';
import { defineRule } from '../../../server/src/engine/rule';
import { analysePython, engineWith } from '../../helpers/engine';

const docs = { what: 'w', why: 'w', fix: 'w', example: { bad: 'x', good: 'y' } };
const md5 = defineRule({ id: 'md5-probe', category: 'weak-crypto', severity: 'error', message: 'md5', docs, calls: ['hashlib.md5'], onCall: (c, ctx) => ctx.report({ node: c.node }) });
const sha1 = defineRule({ id: 'sha1-probe', category: 'weak-crypto', severity: 'error', message: 'sha1', docs, calls: ['hashlib.sha1'], onCall: (c, ctx) => ctx.report({ node: c.node }) });

async function lines(code: string) {
  const result = analysePython(await engineWith([md5, sha1]), code);
  return { findings: result.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`), unused: result.unusedSuppressions.map((u) => `${u.range.start.line + 1}:${u.ruleIds.join('+') || 'all'}`) };
}

describe('suppressions', () => {
  it('silences the named rules on the line, or on the next line from a comment of its own', async () => {
    const code = [
      'import hashlib',
      'hashlib.md5(a)  # secure-ml: ignore[md5-probe]',
      '# secure-ml: ignore[md5-probe, sha1-probe]',
      'hashlib.md5(a); hashlib.sha1(a)',
      'hashlib.md5(a)  # secure-ml: ignore[sha1-probe]',
      'hashlib.md5(a)  # secure-ml: ignore',
      'hashlib.md5(a)  # nosec',
      'x = 1  # secure-ml: ignore[md5-probe]',
      'hashlib.md5(a)',
      '',
    ].join('\n');
    const { findings, unused } = await lines(code);
    assert.deepEqual(findings, ['md5-probe@5', 'md5-probe@9']);
    assert.deepEqual(unused, ['5:sha1-probe', '8:md5-probe']);
  });

  it('covers every line of a multi-line finding and ignores "# nosec" inside strings', async () => {
    const code = ['import hashlib', 'h = hashlib.md5(', '    data,', ')  # secure-ml: ignore[md5-probe]', 'hashlib.md5("# nosec")', ''].join('\n');
    assert.deepEqual((await lines(code)).findings, ['md5-probe@5']);
  });

  it('reports unknown rule ids and bare ignores that silence nothing', async () => {
    const result = analysePython(await engineWith([md5]), 'import hashlib\nx = 1  # secure-ml: ignore[md5-prob]\ny = 2  # secure-ml: ignore\n');
    assert.deepEqual(
      result.unusedSuppressions.map((u) => u.message),
      ['Unknown rule id in suppression: md5-prob.', 'This `secure-ml: ignore` comment silences nothing here; remove it.'],
    );
  });
});
