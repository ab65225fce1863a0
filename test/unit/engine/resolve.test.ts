import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/engine/config';
import { pythonDocument } from '../../../server/src/engine/document';
import type { Engine } from '../../../server/src/engine/engine';
import { defineRule } from '../../../server/src/engine/rule';
import { enclosingScopes, isPlainUse, scopeOf, type Value } from '../../../server/src/engine/resolve';
import { parsePython, type Node } from '../../../server/src/engine/parser';
import { analyseCells, analysePython, engineWith, probeRule } from '../../helpers/engine';

type Seen = Parameters<typeof probeRule>[1];

async function callees(code: string, patterns: string[]): Promise<[number, string | undefined][]> {
  const seen: Seen = [];
  const engine = await engineWith([probeRule(patterns, seen)]);
  analysePython(engine, code);
  return seen.sort((a, b) => a.line - b.line).map((s) => [s.line, s.callee]);
}

describe('name resolution', () => {
  it('skips occurrences that are plainly uses (x.attr, x(), x[i]) but not def/class names or import lines', () => {
    const at = (code: string, name: string) => isPlainUse(code, code.indexOf(name), code.indexOf(name) + name.length);
    assert.equal(at('y = model.eval()', 'model'), true);
    assert.equal(at('model (x)', 'model'), true);
    assert.equal(at('rows[0] = 1', 'rows'), true);
    assert.equal(at('model = build()', 'model'), false);
    assert.equal(at('for model in models:', 'model'), false);
    assert.equal(at('def load(path):', 'load'), false);
    assert.equal(at('    async def load(path):', 'load'), false);
    assert.equal(at('class Loader(Base):', 'Loader'), false);
    assert.equal(at('import torch.nn as nn', 'torch'), false);
    assert.equal(at('from a import b; b.c()', 'b'), false);
  });

  it('finds the enclosing functions, lambdas and classes of every node, as climbing the parents does', async () => {
    await engineWith([]);
    const code = [
      'é = "😀 naïve"',
      'class Outer:',
      '    def method(self, x="日本語"):',
      '        f = lambda y: (x, y, "é😀")',
      '        def inner(z):',
      '            return [k for k in z if k(',
      '    attr = [k for k in "😀"]',
      'lambda: 0',
      'doc = "def f(): lambda x: x  # class"  # def lambda class',
      'lambda_fn = class_ = 1',
      'async def g(h=lambda: 0):',
      '    return h',
      'x = (lambda q: q)',
      '',
    ].join('\n');
    const tree = parsePython(code);
    try {
      const scopeTypes = new Set(['function_definition', 'lambda', 'class_definition']);
      const climbed = (node: Node) => {
        const ids: number[] = [];
        for (let current = node.parent; current; current = current.parent) if (scopeTypes.has(current.type)) ids.unshift(current.id);
        return ids;
      };
      const nodes: Node[] = [];
      const stack: Node[] = [tree.rootNode];
      while (stack.length > 0) {
        const node = stack.pop()!;
        nodes.push(node);
        for (const child of node.children) if (child) stack.push(child);
      }
      assert.ok(nodes.length > 60);
      for (const node of nodes) {
        assert.deepEqual(
          enclosingScopes(node).map((s) => s.id),
          climbed(node),
          `${node.type} at ${node.startIndex}`,
        );
        assert.equal(scopeOf(node)?.id, climbed(node).pop(), `scopeOf ${node.type} at ${node.startIndex}`);
      }
      const lambdaBody = nodes.find((n) => n.type === 'identifier' && n.text === 'y' && n.parent?.type === 'tuple')!;
      assert.deepEqual(
        enclosingScopes(lambdaBody).map((s) => s.isClass),
        [true, false, false],
      );
    } finally {
      tree.delete();
    }
  });

  it('still sees bindings by def, class and dotted imports after the text filter', async () => {
    const code = [
      'import torch.serialization',
      'from pickle import loads as loader',
      'def loader(p):',
      '    return p',
      'from pickle import loads as Loader',
      'class Loader(object):',
      '    pass',
      'loader(b)',
      'Loader(b)',
      'torch.serialization.load(p)',
      '',
    ].join('\n');
    // the def and the class rebind the names: those calls are no longer pickle.loads
    assert.deepEqual(await callees(code, ['torch.load', 'pickle.loads']), [[10, 'torch.load']]);
  });

  it('resolves module aliases, from-imports, aliases of aliases and attribute chains', async () => {
    const code = [
      'import torch as th',
      'import tensorflow as tf',
      'from pickle import loads as lds',
      'import os.path',
      'th.load(p)',
      'lds(b)',
      'tf.keras.models.load_model(p)',
      'os.path.join(a, b)',
      '',
    ].join('\n');
    assert.deepEqual(await callees(code, ['torch.load', 'pickle.loads', 'keras.models.load_model', 'os.path.join']), [
      [5, 'torch.load'],
      [6, 'pickle.loads'],
      [7, 'keras.models.load_model'],
      [8, 'os.path.join'],
    ]);
  });

  it('follows assignments of functions and of call results, and with-as targets', async () => {
    const code = [
      'import tarfile',
      'import pickle',
      'from fastapi import FastAPI',
      'deserialize = pickle.loads',
      'deserialize(b)',
      'app = FastAPI()',
      '@app.post("/predict")',
      'def predict(): pass',
      'with tarfile.open(p) as archive:',
      '    archive.extractall(d)',
      'tarfile.open(p).extractall(d)',
      '',
    ].join('\n');
    assert.deepEqual(await callees(code, ['pickle.loads', 'fastapi.FastAPI().post', 'tarfile.open().extractall']), [
      [5, 'pickle.loads'],
      [7, 'fastapi.FastAPI().post'],
      [10, 'tarfile.open().extractall'],
      [11, 'tarfile.open().extractall'],
    ]);
  });

  it('respects scopes: parameters and local definitions shadow imports', async () => {
    const code = [
      'import torch',
      'def restore(torch, p):',
      '    return torch.load(p)',
      'def other(p):',
      '    return torch.load(p)',
      'class Loader:',
      '    def load(self): pass',
      'torch.load(q)',
      '',
    ].join('\n');
    assert.deepEqual(await callees(code, ['torch.load', '*.load']), [
      [3, undefined],
      [5, 'torch.load'],
      [8, 'torch.load'],
    ]);
  });

  it('uses the binding before the use, and a later one for code that runs later', async () => {
    const code = ['def run(p):', '    return pickle.loads(p)', 'import pickle', 'import json as pickle2', 'pickle.loads(x)', ''].join('\n');
    assert.deepEqual(await callees(code, ['pickle.loads']), [
      [2, 'pickle.loads'],
      [5, 'pickle.loads'],
    ]);
  });

  it('resolves names of known modules through star imports, and keeps relative imports apart', async () => {
    const code = ['from pickle import *', 'from .pickle import dumps_all', 'loads(b)', 'dumps_all(b)', ''].join('\n');
    assert.deepEqual(await callees(code, ['pickle.loads', '*.dumps_all']), [
      [3, 'pickle.loads'],
      [4, '.pickle.dumps_all'],
    ]);
  });

  it('resolves names defined in earlier notebook cells', async () => {
    const seen: Seen = [];
    const engine = await engineWith([probeRule(['torch.load'], seen)]);
    analyseCells(engine, ['import torch as th\nloader = th.load', '%matplotlib inline\nx = 1', 'ckpt = loader("m.pt")']);
    assert.deepEqual(
      seen.map((s) => [s.unit, s.line, s.callee]),
      [[2, 1, 'torch.load']],
    );
  });

  it('knows constant values: literals, concatenation, f-strings, module constants', async () => {
    const values: Value[] = [];
    const rule = defineRule({
      id: 'probe-values',
      category: 'insecure-transport',
      severity: 'info',
      message: 'probe',
      docs: { what: 'p', why: 'p', fix: 'p', example: { bad: 'x', good: 'y' } },
      calls: ['requests.get'],
      onCall(call, context) {
        values.push(context.valueOf(call.positional[0]));
      },
    });
    const engine: Engine = await engineWith([rule]);
    const code = [
      'import requests',
      'BASE = "http://" + "example.com"',
      'MUTABLE = "a"',
      'MUTABLE = "b"',
      'requests.get(BASE)',
      'requests.get(f"http://{host}/x")',
      'requests.get("http://a" "/b")',
      'requests.get(MUTABLE)',
      'requests.get(["x", 1, None, True])',
      'requests.get("%s/x" % host)',
      'requests.get("{}/x".format(host))',
      '',
    ].join('\n');
    engine.analyzeDocument(pythonDocument('/v/values.py', code), defaultConfig());
    const summary = values.map((v) =>
      v.kind === 'string' ? `string:${v.value}` : v.kind === 'template' ? `template:${v.staticText}` : v.kind === 'sequence' ? `sequence:${v.items.map((i) => i.kind).join(',')}` : v.kind,
    );
    assert.deepEqual(summary, ['string:http://example.com', 'template:http://{}/x', 'string:http://a/b', 'unknown', 'sequence:string,number,none,bool', 'template:%s/x', 'template:{}/x']);
  });
});
