import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearConfigCache, defaultConfig } from '../../../server/src/engine/config';
import { createEngine } from '../../../server/src/engine/engine';
import { allRules } from '../../../rules';

describe('Engine.analyzeFile', () => {
  it('uses the config file found for the path, unless a base config is given', async () => {
    clearConfigCache();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-analyze-file-'));
    try {
      fs.writeFileSync(path.join(dir, 'secure-ml.toml'), 'ignore = ["torch-load-unsafe"]\n');
      const file = path.join(dir, 'train.py');
      fs.writeFileSync(file, 'import torch\nm = torch.load("m.pt")\n');
      const engine = await createEngine(allRules);
      assert.deepEqual(
        engine.analyzeFile(file).findings.map((f) => f.ruleId),
        [],
      );
      assert.deepEqual(
        engine.analyzeFile(file, undefined, defaultConfig()).findings.map((f) => f.ruleId),
        ['torch-load-unsafe'],
      );
      assert.deepEqual(
        engine.analyzeFile(file, { ignore: ['unsafe-deserialization'] }, defaultConfig()).findings.map((f) => f.ruleId),
        [],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
