import * as assert from 'node:assert/strict';
import { notebookDocument, pythonDocument, type AnalysisDocument } from '../../server/src/engine/document';
import type { RuleContext } from '../../server/src/engine/rule';
import { textMayAssign } from '../../server/src/engine/secrets/expressions';
import { allRules } from '../../rules';
import { analyseCells, analysePython, engineWith } from '../helpers/engine';

const contextOf = (document: AnalysisDocument) => ({ document }) as unknown as RuleContext;
const secretPrinted = allRules.filter((r) => r.id === 'secret-printed');

describe('secret exposure text prefilters', () => {
  it('textMayAssign sees every way a name gets a value, and nothing else', () => {
    const cases: [string, boolean][] = [
      ['step = 1', true],
      ['step: str = x', true],
      ['step \\\n  = 1', true],
      ['if (step := f()):', true],
      ['with open(p) as step:', true],
      ['import os as step', true],
      ['a = b = step = 1', true],
      ['for step in range(3):\n    print(step)', false],
      ['if step == 1: pass', false],
      ['self.step = 1', false],
      ['steps = 1\nmy_step = 2', false],
      ['step += 1', false],
    ];
    for (const [code, expected] of cases) assert.equal(textMayAssign('step', contextOf(pythonDocument('/v/a.py', code))), expected, code);
  });

  it('is computed per document (a new text is not answered from an older one)', () => {
    const first = pythonDocument('/v/a.py', 'for key in keys:\n    print(key)\n');
    const second = pythonDocument('/v/a.py', 'key = 1\nprint(key)\n');
    assert.equal(textMayAssign('key', contextOf(first)), false);
    assert.equal(textMayAssign('key', contextOf(second)), true);
    assert.equal(textMayAssign('key', contextOf(first)), false);
  });

  it('looks at every Python cell of a notebook, not markdown', () => {
    const cells = (texts: [string, 'code' | 'markdown'][]) =>
      notebookDocument(
        '/v/n.ipynb',
        texts.map(([text, kind]) => ({ kind, text })),
      );
    assert.equal(
      textMayAssign(
        'token',
        contextOf(
          cells([
            ['x = 1', 'code'],
            ['token = f()', 'code'],
          ]),
        ),
      ),
      true,
    );
    assert.equal(
      textMayAssign(
        'token',
        contextOf(
          cells([
            ['token = f()', 'markdown'],
            ['print(token)', 'code'],
          ]),
        ),
      ),
      false,
    );
  });

  it('secret-printed still follows secrets through aliases, cells and multi-line bindings', async () => {
    const engine = await engineWith(secretPrinted);
    const lines = (code: string) => analysePython(engine, code).findings.map((f) => f.range.start.line);
    assert.deepEqual(lines('import os\nvalue = os.environ["OPENAI_API_KEY"]\nprint(f"key {value}")\n'), [2]);
    assert.deepEqual(lines('import os\nvalue \\\n  = os.getenv("HF_TOKEN")\nprint(value)\n'), [3]);
    assert.deepEqual(lines('from os import environ as env\nprint(env)\n'), [1]);
    assert.deepEqual(lines('import os\nenv = os.environ\nprint(env)\nprint(os.environ.copy())\n'), [2, 3]);
    assert.deepEqual(lines('import os\nfor value in os.environ:\n    print(value)\nprint(" ".join(x for x in os.environ.values()))\n'), []);
    const { result } = analyseCells(engine, ['import os\ntoken = os.environ["GITHUB_TOKEN"]', 'print("token:", token)']);
    assert.deepEqual(
      result.findings.map((f) => [f.unit, f.range.start.line]),
      [[1, 0]],
    );
  });
});
