import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileKindOf } from '../../server/src/engine/document';
import { LABELLED, ROOT } from '../../scripts/evaluate/evaluate';

/**
 * The labelled secrets corpus (test/labelled/secrets/, scored by test/labelled/labelled.test.ts)
 * is generated: no token in it is typed by hand. These checks keep it that way: regenerating
 * gives the committed files byte for byte, and it holds every file kind it claims to cover.
 */
const CORPUS = path.join(LABELLED, 'secrets');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out.sort();
}

describe('labelled secrets corpus', function () {
  this.timeout(60_000);

  it('is exactly what scripts/evaluate/secrets-corpus.py generates (no hand edits, no hand-typed tokens)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-corpus-'));
    try {
      const run = spawnSync('/usr/bin/python3', [path.join(ROOT, 'scripts', 'evaluate', 'secrets-corpus.py'), '--out', out], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const committed = filesUnder(CORPUS)
        .filter((f) => path.basename(f) !== 'README.md')
        .map((f) => path.relative(CORPUS, f));
      const generated = filesUnder(out).map((f) => path.relative(out, f));
      assert.deepEqual(generated, committed);
      for (const file of committed) assert.equal(fs.readFileSync(path.join(out, file), 'utf8'), fs.readFileSync(path.join(CORPUS, file), 'utf8'), file);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('covers scripts, notebooks and every config and env file kind in both sets', () => {
    for (const set of ['tuning', 'held-out']) {
      const kinds = new Set<string | undefined>(
        filesUnder(path.join(CORPUS, set)).map((f) => {
          const kind = fileKindOf(f);
          return kind?.kind === 'text' ? kind.textKind : kind?.kind;
        }),
      );
      const wanted =
        set === 'tuning' ? ['python', 'notebook', 'env', 'yaml', 'toml', 'ini', 'json', 'netrc', 'dockerfile', 'shell'] : ['python', 'notebook', 'env', 'yaml', 'ini', 'json', 'dockerfile'];
      for (const kind of wanted) assert.ok(kinds.has(kind), `${set} has no ${kind} file`);
    }
  });
});
