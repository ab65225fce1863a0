import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/engine/config';
import { defineRule } from '../../../server/src/engine/rule';
import { textDocument } from '../../../server/src/engine/document';
import { analysePython, engineWith } from '../../helpers/engine';

const docs = { what: 'w', why: 'w', fix: 'w', example: { bad: 'x', good: 'y' } };

describe('rule runner', () => {
  it('keeps running the other rules when one throws, and says which rule failed', async () => {
    const broken = defineRule({
      id: 'broken-rule',
      category: 'weak-crypto',
      severity: 'error',
      message: 'm',
      docs,
      calls: ['hashlib.md5'],
      onCall: () => {
        throw new Error('boom');
      },
    });
    const working = defineRule({
      id: 'working-rule',
      category: 'weak-crypto',
      severity: 'error',
      message: 'ok',
      docs,
      calls: ['hashlib.md5'],
      onCall: (call, context) => context.report({ node: call.node }),
    });
    const engine = await engineWith([broken, working]);
    const result = analysePython(engine, 'import hashlib\nhashlib.md5(b"x")\n');
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['working-rule'],
    );
    assert.deepEqual(result.ruleErrors, [{ ruleId: 'broken-rule', message: 'boom' }]);
  });

  it('applies severity overrides by rule id and by category', async () => {
    const rule = defineRule({
      id: 'some-rule',
      category: 'weak-crypto',
      severity: 'error',
      message: 'm',
      docs,
      calls: ['hashlib.md5'],
      onCall: (call, context) => context.report({ node: call.node }),
    });
    const engine = await engineWith([rule]);
    const byId = analysePython(engine, 'import hashlib\nhashlib.md5(b"x")\n', { ...defaultConfig(), severity: { 'some-rule': 'info' } });
    const byCategory = analysePython(engine, 'import hashlib\nhashlib.md5(b"x")\n', { ...defaultConfig(), severity: { 'weak-crypto': 'warning' } });
    assert.equal(byId.findings[0].severity, 'info');
    assert.equal(byCategory.findings[0].severity, 'warning');
  });

  it('never parses a file in which no rule keyword appears', async () => {
    let parsedCalls = 0;
    const rule = defineRule({
      id: 'count-rule',
      category: 'weak-crypto',
      severity: 'error',
      message: 'm',
      docs,
      calls: ['hashlib.md5'],
      onCall: () => {
        parsedCalls++;
      },
    });
    const engine = await engineWith([rule]);
    const result = analysePython(engine, 'def broken(:\n  x = = 1\n');
    assert.equal(parsedCalls, 0);
    assert.deepEqual(result.findings, []);
  });

  it('finds calls below a half-typed line (an unclosed bracket)', async () => {
    const rule = defineRule({ id: 'md5-rule', category: 'weak-crypto', severity: 'error', message: 'm', docs, calls: ['hashlib.md5'], onCall: (call, context) => context.report({ node: call.node }) });
    const engine = await engineWith([rule]);
    const code = 'import hashlib\nconfig = dict(a=1,\n\n\ndef f(x):\n    return hashlib.md5(x)\n\nh = hashlib.md5(\n    b"abc",\n)\n';
    assert.deepEqual(
      analysePython(engine, code).findings.map((f) => f.range.start.line + 1),
      [6, 8],
    );
  });

  it('gives text rules the syntax node at an offset of a Python unit, and none for text units', async () => {
    const seen: string[] = [];
    const rule = defineRule({
      id: 'node-at-rule',
      category: 'hardcoded-secret',
      severity: 'info',
      message: 'm',
      docs,
      onText(unit, context) {
        const at = unit.text.indexOf('target');
        if (at < 0) return;
        const node = context.nodeAt(at, at + 'target'.length);
        seen.push(node ? `${node.type}<${node.parent?.type}` : 'none');
      },
    });
    const engine = await engineWith([rule]);
    analysePython(engine, 'x = 1\ntarget = "value"\n');
    engine.analyzeDocument(textDocument('/virtual/.env', 'target=value\n'), defaultConfig());
    assert.deepEqual(seen, ['identifier<assignment', 'none']);
  });
});
