import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverFiles } from '../../../server/src/engine/files';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-files-'));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('file discovery', () => {
  const dir = tree({
    '.gitignore': 'data/\n*.secret.py\n',
    'train.py': '',
    'nb/explore.ipynb': '{}',
    'nb/.ipynb_checkpoints/explore-checkpoint.ipynb': '{}',
    'configs/model.yaml': '',
    '.env': '',
    'data/raw.py': '',
    'src/keys.secret.py': '',
    'src/pkg/.gitignore': 'generated.py\n!keep.py\n',
    'src/pkg/generated.py': '',
    'src/pkg/keep.py': '',
    'README.md': '',
    'image.png': '',
    '.venv/lib/site.py': '',
    'build/out.py': '',
  });

  it('finds Python, notebooks and config/env files, honouring nested .gitignore files and default excludes', () => {
    const { files, problems } = discoverFiles([dir]);
    assert.deepEqual(
      files.map((f) => path.relative(dir, f)),
      ['.env', 'build/out.py', 'configs/model.yaml', 'nb/explore.ipynb', 'src/pkg/keep.py', 'train.py'],
    );
    assert.deepEqual(problems, []);
  });

  it('applies exclude patterns relative to the config folder', () => {
    const { files } = discoverFiles([dir], { exclude: ['build/', '*.yaml'], excludeRoot: dir });
    assert.deepEqual(
      files.map((f) => path.relative(dir, f)),
      ['.env', 'nb/explore.ipynb', 'src/pkg/keep.py', 'train.py'],
    );
  });

  it('scans a file named explicitly even when ignored, and reports paths it cannot scan', () => {
    const { files, problems } = discoverFiles([path.join(dir, 'data/raw.py'), path.join(dir, 'missing.py'), path.join(dir, 'README.md')]);
    assert.deepEqual(files, [path.join(dir, 'data/raw.py')]);
    assert.deepEqual(
      problems.map((p) => [path.basename(p.path), p.message]),
      [
        ['missing.py', 'no such file or directory'],
        ['README.md', 'not a file secure-ml scans (Python, notebook, or config/env file)'],
      ],
    );
  });
});
