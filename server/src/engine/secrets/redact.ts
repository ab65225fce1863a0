/**
 * How a secret is shown anywhere secure-ml writes text (diagnostics, CLI text, JSON, SARIF,
 * logs): its first characters and its length, never the whole value. Short values show fewer
 * characters so that a redacted 8-character password does not give away half of it.
 */
export function redact(secret: string): string {
  const length = [...secret].length;
  const shown = length >= 16 ? 4 : length >= 8 ? 2 : 0;
  const head = [...secret].slice(0, shown).join('');
  return `${head}…(${length} chars)`;
}

/** Replaces every occurrence of each secret in `text` by its redacted form (for messages built from source text). */
export function redactAll(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join(redact(secret));
  return out;
}
