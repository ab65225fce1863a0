import { defaultConfig, type Config } from '../../server/src/engine/config';
import { notebookDocument, pythonDocument, type AnalysisDocument } from '../../server/src/engine/document';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { defineRule, type CallSite, type Rule, type RuleContext } from '../../server/src/engine/rule';
import type { AnalysisResult } from '../../server/src/engine/types';

/** A throwaway rule that records every call it sees, for resolver tests. */
export function probeRule(calls: string[], seen: { callee: string | undefined; method: string; line: number; unit: number; site: CallSite; context: RuleContext }[]): Rule {
  return defineRule({
    id: 'probe-calls',
    category: 'unsafe-deserialization',
    severity: 'info',
    message: 'probe',
    docs: { what: 'probe', why: 'probe', fix: 'probe', example: { bad: 'x', good: 'y' } },
    calls,
    onCall(call, context) {
      seen.push({ callee: call.callee, method: call.method, line: call.node.startPosition.row + 1, unit: call.unit, site: call, context });
      context.report({ node: call.node });
    },
  });
}

export async function engineWith(rules: Rule[]): Promise<Engine> {
  return createEngine(rules);
}

export function analysePython(engine: Engine, code: string, config: Config = defaultConfig(), path = '/virtual/test.py'): AnalysisResult {
  return engine.analyzeDocument(pythonDocument(path, code), config);
}

export function analyseCells(engine: Engine, cells: string[], config: Config = defaultConfig()): { result: AnalysisResult; document: AnalysisDocument } {
  const document = notebookDocument(
    '/virtual/test.ipynb',
    cells.map((text) => ({ kind: 'code' as const, text })),
  );
  return { result: engine.analyzeDocument(document, config), document };
}
