import { DETECTORS } from '../../server/src/engine/secrets/providers';

/**
 * Inputs built to make a backtracking regex explode: every detector prefix repeated over a
 * long line, with and without token characters between, long runs of digits, `@`, `://`,
 * `key=`, quotes and base64. Used by the pathological-input test and `npm run bench secrets`.
 */
const DEFAULT_LENGTH = 200_000;

function repeater(length: number): (unit: string) => string {
  return (unit) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

export function pathologicalLines(length = DEFAULT_LENGTH): string[] {
  const repeat = repeater(length);
  const prefixes = [...new Set(DETECTORS.flatMap((d) => d.prefixes ?? []))];
  const lines = prefixes.flatMap((p) => [repeat(p), repeat(`${p}-`), repeat(`${p}a`), repeat(`${p} `), repeat(`${p}.`)]);
  lines.push(
    repeat('a'),
    repeat('0'),
    repeat('1-'),
    repeat('4111 '),
    repeat('@a.'),
    repeat('a@'),
    repeat('://'),
    repeat('a:b@'),
    repeat('key='),
    repeat('password: '),
    repeat('"password": "'),
    repeat("'token': '"),
    repeat('Authorization: Bearer '),
    repeat('-----BEGIN PRIVATE KEY-----'),
    repeat('eyJhbGciOiJIUzI1NiJ9.'),
    repeat('1.1.1.'),
    repeat('DE89 '),
    repeat('+1 '),
    repeat('ABCD+/=='),
  );
  return lines;
}
