import type { AnalysisDocument, RuleContext } from '../../server/src/engine/api';

/**
 * Cheap document-level gates: whether any Python unit of the document matches a pattern, computed
 * once per document and pattern. Rules that watch very common calls (`open`, `read_csv`) ask
 * first whether the program can hold their risk at all (a `/tmp` path, a web framework), so the
 * common case costs one text search instead of a name resolution per call.
 */
const cache = new WeakMap<AnalysisDocument, Map<string, boolean>>();

export function documentMatches(context: RuleContext, pattern: RegExp): boolean {
  let answers = cache.get(context.document);
  if (!answers) {
    answers = new Map();
    cache.set(context.document, answers);
  }
  const key = `${pattern.source}/${pattern.flags}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = context.document.units.some((unit) => unit.language === 'python' && pattern.test(unit.code));
    answers.set(key, answer);
  }
  return answer;
}

/** The program imports a web framework, so `request` and route parameters mean HTTP input. */
export const WEB_FRAMEWORK = /^\s*(?:from|import)\s+(?:django|rest_framework|flask|fastapi|starlette|bottle|tornado|aiohttp|sanic|quart|falcon|pyramid|werkzeug)\b/m;
