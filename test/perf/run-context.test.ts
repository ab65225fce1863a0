import * as assert from 'node:assert/strict';
import { defineRule, type RuleContext } from '../../server/src/engine/rule';
import { analyseCells, engineWith } from '../helpers/engine';

const docs = { what: 'w', why: 'w', fix: 'w', example: { bad: 'x', good: 'y' } };

describe('rule context', () => {
  it('is per rule and unit: reports, edits and lookups land in the unit the rule was called for', async () => {
    const seen: { unit: number; line: number; callee: string | undefined; same: boolean }[] = [];
    const contexts: RuleContext[] = [];
    const rule = defineRule({
      id: 'probe-context',
      category: 'weak-crypto',
      severity: 'info',
      message: 'probe',
      docs,
      calls: ['hashlib.md5'],
      onCall(call, context) {
        const edits = context.edits;
        seen.push({ unit: context.unit.index, line: call.node.startPosition.row, callee: context.qualifiedName(call.function), same: edits === context.edits });
        contexts.push(context);
        context.report({ node: call.node, fixes: [{ title: 'sha256', safe: true, edits: [edits.replace(call.function, 'hashlib.sha256')] }] });
      },
    });
    const engine = await engineWith([rule]);
    const { result } = analyseCells(engine, ['import hashlib as h', 'x = 1\nh.md5(b"a")', 'h.md5(b"b")']);
    assert.deepEqual(seen, [
      { unit: 1, line: 1, callee: 'hashlib.md5', same: true },
      { unit: 2, line: 0, callee: 'hashlib.md5', same: true },
    ]);
    assert.notEqual(contexts[0], contexts[1]);
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.unit, f.range.start.line, f.fixes[0].edits[0].unit]),
      [
        ['probe-context', 1, 1, 1],
        ['probe-context', 2, 0, 2],
      ],
    );
    assert.equal(contexts[0].unitAt(0)?.text, 'import hashlib as h');
    assert.equal(contexts[1].document.units.length, 3);
  });
});
