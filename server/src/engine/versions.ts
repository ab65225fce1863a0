/** PEP 440 version constraints, as far as rules need them: the lowest version a spec allows. */

function parseVersion(text: string): number[] | undefined {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(text.trim());
  return match ? match[1].split('.').map(Number) : undefined;
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The lowest version a requirement spec admits (`>=2.6`, `==2.6.1`, `~=2.6`, `^2.6` poetry,
 * `>2.5,<3`), or undefined when it has no lower bound.
 */
export function minimumVersion(spec: string | undefined): number[] | undefined {
  if (!spec) return undefined;
  let lowest: number[] | undefined;
  for (const clause of spec.split(',')) {
    const match = /^\s*(===|==|>=|~=|\^|~|>)\s*(.+)$/.exec(clause);
    if (!match) {
      const bare = parseVersion(clause); // poetry "2.6.0" means ==2.6.0
      if (bare && /^\s*\d/.test(clause)) lowest = bare;
      continue;
    }
    const version = parseVersion(match[2].replace(/\.\*$/, ''));
    if (!version) continue;
    if (match[1] === '>') version[version.length - 1] += 1; // strictly above: approximate with the next patch
    if (!lowest || compareVersions(version, lowest) > 0) lowest = version;
  }
  return lowest;
}

/** Whether every version a spec admits is at least `version` (e.g. torch `>=2.6`). */
export function specRequiresAtLeast(spec: string | undefined, version: string): boolean {
  const lowest = minimumVersion(spec);
  const wanted = parseVersion(version);
  return !!lowest && !!wanted && compareVersions(lowest, wanted) >= 0;
}
