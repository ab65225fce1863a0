import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { allRules } from '../../rules';
import { project } from '../cli/helpers';
import { HEX, mixed, samples } from './samples';

/** Engine.analyzeFile on every kind of file that holds secrets, including malformed ones. */
describe('secret rules on config and env file kinds', () => {
  let engine: Engine;
  let dir: string;
  const token = samples()['huggingface-token'].token!;
  before(async () => {
    engine = await createEngine(allRules);
    dir = project({
      '.env.local': `HF_TOKEN=${token}\n`,
      'Dockerfile.gpu': `FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\nENV HF_TOKEN=${token}\n`,
      _netrc: `machine api.wandb.ai login me password ${mixed(40, HEX)}\n`,
      'broken/kaggle.json': `{"username": "me", "key": "${mixed(32, HEX)}",\n`,
      'run.sh': `export HF_TOKEN=${token}\npython train.py\n`,
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [file, line] of [
    ['.env.local', 0],
    ['Dockerfile.gpu', 1],
    ['_netrc', 0],
    ['broken/kaggle.json', 0],
    ['run.sh', 0],
  ] as const) {
    it(`finds the credential in ${file}`, () => {
      const result = engine.analyzeFile(path.join(dir, file));
      assert.ok(!result.skipped, result.problems.map((p) => p.message).join('; '));
      assert.deepEqual(result.ruleErrors, []);
      assert.deepEqual(
        result.findings.map((f) => [f.ruleId, f.range.start.line]),
        [['hardcoded-provider-secret', line]],
      );
    });
  }
});
