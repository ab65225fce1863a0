/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or fatal error. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** A mistake in how the CLI was called (bad option value, missing path): message and exit 2. */
export class UsageError extends Error {}

/** Comma-separated option values, repeatable: `--select a,b --select c`. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0),
  ];
}
