import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearConfigCache, defaultConfig, findConfig, mergeConfig, projectInfo, projectRootOf, selectRules, severityFor } from '../../../server/src/engine/config';
import { minimumVersion, specRequiresAtLeast } from '../../../server/src/engine/versions';
import { allRules } from '../../../rules';

function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-config-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('configuration', () => {
  beforeEach(() => clearConfigCache());

  it('reads [tool.secure-ml] from the nearest pyproject.toml, walking up', () => {
    const dir = tempProject({
      'pyproject.toml':
        '[project]\nname = "x"\n[tool.secure-ml]\nselect = ["unsafe-deserialization"]\nignore = ["pandas-read-pickle"]\nseverity = { "torch-load-unsafe" = "warning" }\nexclude = ["data/**"]\nsensitive-columns = ["customer_ref"]\nallowed-hosts = ["mlflow.internal"]\nbaseline = ".secure-ml-baseline.json"\n',
      'src/pkg/train.py': '',
    });
    const config = findConfig(path.join(dir, 'src/pkg/train.py'));
    assert.equal(config.file, path.join(dir, 'pyproject.toml'));
    assert.deepEqual(config.select, ['unsafe-deserialization']);
    assert.deepEqual(config.severity, { 'torch-load-unsafe': 'warning' });
    assert.deepEqual(config.exclude, ['data/**']);
    assert.deepEqual(config.sensitiveColumns, ['customer_ref']);
    assert.deepEqual(config.allowedHosts, ['mlflow.internal']);
    assert.equal(config.baseline, path.join(dir, '.secure-ml-baseline.json'));
    assert.deepEqual(config.problems, []);
  });

  it('prefers secure-ml.toml, and skips a pyproject.toml without the table', () => {
    const dir = tempProject({ 'secure-ml.toml': 'ignore = ["weak-crypto"]\n', 'sub/pyproject.toml': '[project]\nname = "y"\n', 'sub/a.py': '' });
    assert.deepEqual(findConfig(path.join(dir, 'sub/a.py')).ignore, ['weak-crypto']);
  });

  it('reports invalid TOML, unknown keys and wrong types, and falls back to defaults', () => {
    const broken = tempProject({ 'secure-ml.toml': 'select = [\n', 'a.py': '' });
    const config = findConfig(path.join(broken, 'a.py'));
    assert.deepEqual(config.select, []);
    assert.match(config.problems[0], /invalid TOML/);
    clearConfigCache();
    const odd = tempProject({ 'secure-ml.toml': 'selct = ["x"]\nignore = "torch-load-unsafe"\nexclude = 3\nseverity = { "torch-load-unsafe" = "fatal" }\n', 'a.py': '' });
    const oddConfig = findConfig(path.join(odd, 'a.py'));
    assert.deepEqual(oddConfig.ignore, ['torch-load-unsafe']);
    assert.deepEqual(oddConfig.exclude, []);
    assert.deepEqual(oddConfig.severity, {});
    assert.equal(oddConfig.problems.length, 3);
    assert.ok(oddConfig.problems.some((p) => /unknown key "selct"/.test(p)));
  });

  it('selects rules by id or category and reports names that are neither', () => {
    const { rules, problems } = selectRules(allRules, { select: ['unsafe-deserialization', 'hf-trust-remote-code', 'no-such-rule'], ignore: ['pandas-read-pickle'], severity: {} });
    assert.ok(rules.some((r) => r.id === 'torch-load-unsafe'));
    assert.ok(rules.some((r) => r.id === 'hf-trust-remote-code'));
    assert.ok(!rules.some((r) => r.id === 'pandas-read-pickle' || r.id === 'requests-verify-disabled'));
    assert.deepEqual(problems, ['select: "no-such-rule" is neither a rule id nor a category']);
    const torch = allRules.find((r) => r.id === 'torch-load-unsafe')!;
    assert.equal(severityFor(torch, { 'unsafe-deserialization': 'info' }), 'info');
    assert.equal(severityFor(torch, { 'unsafe-deserialization': 'info', 'torch-load-unsafe': 'warning' }), 'warning');
  });

  it('layers settings over the file config', () => {
    const base = { ...findConfig('/nonexistent/x.py'), select: ['a'], ignore: ['b'], severity: { a: 'info' as const } };
    const merged = mergeConfig(base, { ignore: ['c'], severity: { a: 'error' } });
    assert.deepEqual([merged.select, merged.ignore, merged.severity], [['a'], ['b', 'c'], { a: 'error' }]);
    assert.deepEqual(mergeConfig(base, { select: ['z'] }).select, ['z']);
  });

  it('reads requirement pins from requirements files and pyproject', () => {
    const dir = tempProject({
      'requirements.txt': '# comment\nTorch>=2.6.0  # pinned\nnumpy\n-r other.txt\n',
      'requirements-dev.txt': 'pytest==8.0\n',
      'pyproject.toml': '[project]\ndependencies = ["transformers[torch]>=4.40,<5"]\n',
    });
    const info = projectInfo(dir);
    assert.equal(info.requirement('torch'), '>=2.6.0');
    assert.equal(info.requirement('numpy'), '');
    assert.equal(info.requirement('pytest'), '==8.0');
    assert.equal(info.requirement('transformers'), '>=4.40,<5');
    assert.equal(info.requirement('jax'), undefined);
  });

  it('finds the project root of a file (nearest folder with requirements, pyproject or .git), cached per folder until the cache is cleared', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-root-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'src', 'pkg'), { recursive: true });
    const file = path.join(dir, 'src', 'pkg', 'train.py');
    assert.equal(projectRootOf(file, defaultConfig()), dir);
    fs.writeFileSync(path.join(dir, 'src', 'requirements.txt'), 'torch==2.6.0\n');
    assert.equal(projectRootOf(path.join(dir, 'src', 'pkg', 'other.py'), defaultConfig()), dir, 'same folder: answered from the cache');
    clearConfigCache();
    assert.equal(projectRootOf(file, defaultConfig()), path.join(dir, 'src'));
    assert.equal(projectRootOf(file, { ...defaultConfig(), root: '/elsewhere' }), '/elsewhere', "a config's folder wins");
  });

  it('knows the lowest version a spec allows', () => {
    assert.deepEqual(minimumVersion('>=2.6.0'), [2, 6, 0]);
    assert.deepEqual(minimumVersion('>2.5,<3'), [2, 6]);
    assert.equal(minimumVersion('<3'), undefined);
    assert.ok(specRequiresAtLeast('==2.6.1', '2.6'));
    assert.ok(specRequiresAtLeast('~=2.7', '2.6'));
    assert.ok(!specRequiresAtLeast('>=2.5', '2.6'));
    assert.ok(!specRequiresAtLeast('', '2.6'));
  });
});
