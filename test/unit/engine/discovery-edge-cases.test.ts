// File-system cases met while scanning real checkouts (docs/real-world.md): discovery must end, and
// every file it cannot scan must be named with a reason.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverFiles } from '../../../server/src/engine/files';

describe('file discovery edge cases', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-discovery-'));
    fs.writeFileSync(path.join(dir, 'ok.py'), 'x = 1\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names a file whose name is not valid UTF-8 instead of failing to read it later', () => {
    // Linux file names are bytes: 0xE9 alone (Latin-1 é) is not UTF-8
    const raw = Buffer.concat([Buffer.from(path.join(dir, 'caf')), Buffer.from([0xe9]), Buffer.from('.py')]);
    fs.writeFileSync(raw, 'import pickle\n');
    const { files, problems } = discoverFiles([dir]);
    assert.deepEqual(
      files.map((f) => path.basename(f)),
      ['ok.py'],
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /not valid UTF-8/);
  });

  it('does not report a non-UTF-8 name that is not a file it scans', () => {
    fs.writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'notes')), Buffer.from([0xff]), Buffer.from('.txt')]), '');
    assert.deepEqual(discoverFiles([dir]).problems, []);
  });

  it('ends on a symbolic link loop, and names the linked folders it did not follow and a broken link', () => {
    fs.mkdirSync(path.join(dir, 'loop'));
    fs.symlinkSync('..', path.join(dir, 'loop', 'up'));
    fs.symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop', 'self'));
    fs.symlinkSync(path.join(dir, 'missing.py'), path.join(dir, 'broken.py'));
    const { files, problems } = discoverFiles([dir]);
    assert.deepEqual(
      files.map((f) => path.relative(dir, f)),
      ['ok.py'],
    );
    assert.deepEqual(
      problems.map((p) => [path.relative(dir, p.path), p.message.replace(/;.*/, '')]),
      [
        ['broken.py', 'broken symbolic link'],
        ['loop/self', 'symbolic link to a folder'],
        ['loop/up', 'symbolic link to a folder'],
      ],
    );
  });

  it('says nothing about linked folders and broken links that .gitignore, exclude or the default excludes leave out', () => {
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'real'));
    fs.writeFileSync(path.join(dir, '.gitignore'), 'data\nstale.py\n');
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'data'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, '.venv'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'cache'));
    fs.symlinkSync(path.join(dir, 'gone.py'), path.join(dir, 'stale.py'));
    assert.deepEqual(discoverFiles([dir], { exclude: ['cache'], excludeRoot: dir }).problems, []);
  });
});
