import { LineIndex } from './text';
import type { Fix } from './types';

interface Span {
  start: number;
  end: number;
  newText: string;
}

/**
 * Applies fixes to the units of a document. A fix is all or nothing: when one of its edits
 * overlaps an edit already accepted, the whole fix waits for the next round (the caller
 * re-analyses and tries again). The same edit from two fixes (an import both add) applies once.
 */
export function applyFixes(texts: readonly string[], fixes: readonly Fix[]): { texts: string[]; applied: Fix[]; deferred: Fix[] } {
  const lineIndexes = texts.map((text) => new LineIndex(text));
  // spans in the order accepted: insertions at one place keep that order in the result
  const accepted = texts.map(() => [] as Span[]);
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  for (const fix of fixes) {
    const spans = fix.edits.map((edit) => {
      const lines = lineIndexes[edit.unit];
      if (!lines) return undefined;
      return { unit: edit.unit, span: { start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText } };
    });
    if (spans.some((s) => s === undefined)) {
      deferred.push(fix);
      continue;
    }
    const fresh: { unit: number; span: Span }[] = [];
    let conflict = false;
    for (const item of spans as { unit: number; span: Span }[]) {
      const others = accepted[item.unit];
      const same = others.some((o) => o.start === item.span.start && o.end === item.span.end && o.newText === item.span.newText);
      if (same) continue;
      const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
      const touching = (a: Span, b: Span) => a.start === a.end && b.start === b.end && a.start === b.start && a.newText !== b.newText;
      if (others.some((o) => overlaps(o, item.span) || (touching(o, item.span) && !isImportLine(o.newText, item.span.newText)))) {
        conflict = true;
        break;
      }
      fresh.push(item);
    }
    if (conflict) {
      deferred.push(fix);
      continue;
    }
    for (const item of fresh) accepted[item.unit].push(item.span);
    applied.push(fix);
  }
  const result = texts.map((text, unit) => {
    // from the end backwards; at one offset, the later edit first so the earlier ends up first
    const spans = accepted[unit]
      .map((span, order) => ({ span, order }))
      .sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end || b.order - a.order)
      .map(({ span }) => span);
    let out = text;
    for (const span of spans) out = out.slice(0, span.start) + span.newText + out.slice(span.end);
    return out;
  });
  return { texts: result, applied, deferred };
}

/** Two different import lines inserted at the same place can both go in. */
function isImportLine(a: string, b: string): boolean {
  const importLine = /^\n?(?:import|from)\s[^\n]*\n?$/;
  return importLine.test(a) && importLine.test(b);
}
