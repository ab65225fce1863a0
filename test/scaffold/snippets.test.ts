import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { defaultConfig } from '../../server/src/engine/config';
import { pythonDocument } from '../../server/src/engine/document';
import { createEngine } from '../../server/src/engine/engine';
import { compilePython } from '../helpers/python';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string[];
}

const snippets = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../snippets/python.json'), 'utf8')) as Record<string, Snippet>;

/** The text VS Code inserts when every placeholder keeps its default. */
function expand(body: string[]): string {
  return `${body.join('\n')}\n`.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}

describe('editor snippets', () => {
  it('each has a prefix and a description naming secure-ml', () => {
    assert.ok(Object.keys(snippets).length >= 6);
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok([snippet.prefix].flat().length > 0, name);
      assert.match(snippet.description, /^secure-ml: /, name);
    }
  });

  it('expand to Python that compiles', () => {
    const failures = compilePython(Object.entries(snippets).map(([name, s]) => ({ name, code: expand(s.body) })));
    assert.deepEqual([...failures], []);
  });

  it('expand to code no secure-ml rule reports', async () => {
    const engine = await createEngine(allRules);
    for (const [name, snippet] of Object.entries(snippets)) {
      const result = engine.analyzeDocument(pythonDocument(`/virtual/${name}.py`, expand(snippet.body)), defaultConfig());
      assert.deepEqual(
        result.findings.map((f) => `${f.ruleId}: ${f.message}`),
        [],
        name,
      );
    }
  });
});
