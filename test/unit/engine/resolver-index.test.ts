import * as assert from 'node:assert/strict';
import { notebookDocument, type AnalysisDocument } from '../../../server/src/engine/document';
import { loadPython, parsePython, type Tree } from '../../../server/src/engine/parser';
import { enclosingScopes, Resolver, type Binding } from '../../../server/src/engine/resolve';
import type { Node } from '../../../server/src/engine/parser';

/** The lookup as a plain pass over every binding of the name (the definition the indexed lookup must match). */
function lookupByScan(resolver: Resolver, identifier: Node, unit: number): Binding | undefined {
  const candidates = resolver.bindings(identifier.text);
  if (candidates.length === 0) return undefined;
  let scopes = [0];
  if (!candidates.every((b) => b.scope === 0)) {
    const enclosing = enclosingScopes(identifier);
    scopes = [];
    for (let i = enclosing.length - 1; i >= 0; i--) if (!enclosing[i].isClass || i === enclosing.length - 1) scopes.push(enclosing[i].id);
    scopes.push(0);
  }
  for (const scope of scopes) {
    let before: Binding | undefined;
    let after: Binding | undefined;
    for (const b of candidates) {
      if (b.scope !== scope || b.kind === 'global') continue;
      if (b.unit < unit || (b.unit === unit && b.offset <= identifier.startIndex)) before = b;
      else after ??= b;
    }
    if (before ?? after) return before ?? after;
  }
  return undefined;
}

function withResolver(document: AnalysisDocument, body: (resolver: Resolver, trees: (Tree | undefined)[]) => void): void {
  const trees = document.units.map((u) => (u.language === 'python' ? parsePython(u.code) : undefined));
  try {
    body(new Resolver({ units: document.units, nodeAt: (unit, start, end) => trees[unit.index]?.rootNode.descendantForIndex(start, end) ?? null }), trees);
  } finally {
    for (const tree of trees) tree?.delete();
  }
}

function identifiersOf(tree: Tree): Node[] {
  return tree.rootNode.descendantsOfType('identifier').filter((n): n is Node => !!n);
}

const CELLS = [
  'import pickle as x\nfrom os import path\ny = x.loads(b"")\n',
  '# markdown-free cell with many scopes\n' +
    Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? `def f${i}(x, y=x):\n    print(x, y)\n    x = ${i}\n    return lambda x: x + y\n`
        : i % 3 === 1
          ? `def g${i}():\n    print(x)\n    global x\n    x = path.join("a")\n`
          : `class C${i}:\n    x = ${i}\n    def m(self):\n        return x, self.x\n    y = [x for x in range(3)]\n`,
    ).join('\n'),
  'print(x, y, path)\nx = 2\ndef late():\n    return y\ny = x\n',
];

describe('resolver binding index', () => {
  before(async () => {
    await loadPython();
  });

  it('finds for every identifier the same binding as a scan over all bindings of its name', () => {
    const document = notebookDocument(
      '/virtual/index.ipynb',
      CELLS.map((text) => ({ kind: 'code' as const, text })),
    );
    withResolver(document, (resolver, trees) => {
      let resolved = 0;
      trees.forEach((tree, unit) => {
        for (const identifier of tree ? identifiersOf(tree) : []) {
          const expected = lookupByScan(resolver, identifier, unit);
          const actual = resolver.lookup(identifier, unit);
          const where = `${identifier.text} at ${unit}:${identifier.startPosition.row}:${identifier.startPosition.column}`;
          assert.equal(actual && `${actual.unit}:${actual.offset}:${actual.kind}`, expected && `${expected.unit}:${expected.offset}:${expected.kind}`, where);
          if (actual) resolved++;
        }
      });
      // the document binds x at module level, as parameters, in classes and comprehensions: most uses resolve
      assert.ok(resolved > 200, `only ${resolved} identifiers resolved`);
    });
  });

  it('resolves a use before a function-local assignment to that assignment, and a module use to the last earlier binding', () => {
    const document = notebookDocument('/virtual/order.ipynb', [{ kind: 'code', text: 'x = 1\ndef f():\n    print(x)\n    x = 2\nx = 3\nprint(x)\n' }]);
    withResolver(document, (resolver, trees) => {
      const uses = identifiersOf(trees[0]!).filter((n) => n.text === 'x');
      const target = (n: Node) => resolver.lookup(n, 0)?.node.startPosition.row;
      // x in f (row 2) is local: bound at row 3; print(x) at module level (row 5) sees x = 3 (row 4)
      assert.deepEqual(uses.map(target), [0, 2 + 1, 3, 4, 4]);
    });
  });
});
