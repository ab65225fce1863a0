// The language server over real JSON-RPC: LSP 3.17 notebook documents, and notebooks shown as JSON.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspHarness, fileUri, serverPerTest } from './harness';

function notebookJson(cells: { type: 'code' | 'markdown'; source: string; outputs?: unknown[] }[]): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } },
      cells: cells.map((c) =>
        c.type === 'code'
          ? { cell_type: 'code', metadata: {}, execution_count: null, outputs: c.outputs ?? [], source: c.source.split(/(?<=\n)/) }
          : { cell_type: 'markdown', metadata: {}, source: c.source.split(/(?<=\n)/) },
      ),
    },
    null,
    1,
  );
}

describe('language server: notebooks', function () {
  this.timeout(30000);
  let workspace: string;
  let h: LspHarness;
  serverPerTest('secure-ml-lsp-nb-', (server, folder) => {
    h = server;
    workspace = folder;
  });

  it('analyses the cells as one program and publishes on the cell URIs', async () => {
    const uri = fileUri(path.join(workspace, 'explore.ipynb'));
    const cellsReady = h.openNotebook(uri, [
      { kind: 'code', text: 'import torch as th\n%matplotlib inline\n' },
      { kind: 'markdown', text: '# Load the checkpoint\n' },
      { kind: 'code', text: '!pip install torch\nstate = th.load("model.pt")\n' },
    ]);
    const [c0, c1, c2] = await cellsReady;
    const diagnostics = await h.current(c2, (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['torch-load-unsafe', 1, 8]],
    );
    assert.equal(h.diagnostics.get(c0)?.length ?? 0, 0);
    assert.equal(h.diagnostics.get(c1)?.length ?? 0, 0);

    // the alias comes from cell 0: renaming it there makes cell 2's call unresolved
    const cleared = h.waitFor(c2, (d) => d.length === 0);
    await h.change(c0, [{ range: { start: { line: 0, character: 16 }, end: { line: 0, character: 18 } }, newText: 'tt' }]);
    await cleared;
    const back = h.waitFor(c2, (d) => d.length === 1);
    await h.change(c2, [{ range: { start: { line: 1, character: 8 }, end: { line: 1, character: 10 } }, newText: 'tt' }]);
    await back;
  });

  it('fixes, suppresses and fix-alls inside cells', async () => {
    const uri = fileUri(path.join(workspace, 'train.ipynb'));
    const [c0, c1, c2] = await h.openNotebook(uri, [
      { kind: 'code', text: 'import torch\n' },
      { kind: 'code', text: 'a = torch.load("a.pt")\n' },
      { kind: 'code', text: 'b = torch.load("b.pt")\nc = torch.load("c.pt")\n' },
    ]);
    const inCell1 = await h.current(c1, (d) => d.length === 1);
    const fix = (await h.codeActions(c1, inCell1, ['quickfix'])).find((a) => a.isPreferred)!;
    assert.deepEqual(
      fix.edit!.documentChanges!.map((c) => ('textDocument' in c ? c.textDocument.uri : '')),
      [c1],
    );
    let next = h.waitFor(c1, (d) => d.length === 0);
    await h.applyEdit(fix.edit!);
    await next;
    assert.equal(h.text(c1), 'a = torch.load("a.pt", weights_only=True)\n');

    const inCell2 = await h.current(c2, (d) => d.length === 2);
    const ignore = (await h.codeActions(c2, [inCell2[0]])).find((a) => a.title === 'Ignore torch-load-unsafe on this line')!;
    next = h.waitFor(c2, (d) => d.length === 1);
    await h.applyEdit(ignore.edit!);
    await next;
    assert.equal(h.text(c2).split('\n')[0], 'b = torch.load("b.pt")  # secure-ml: ignore[torch-load-unsafe]');

    const [fixAll] = await h.codeActions(c0, [], ['source.fixAll']);
    assert.equal(fixAll?.kind, 'source.fixAll.secure-ml');
    next = h.waitFor(c2, (d) => d.length === 0);
    await h.applyEdit(fixAll.edit!);
    await next;
    assert.equal(h.text(c2), 'b = torch.load("b.pt")  # secure-ml: ignore[torch-load-unsafe]\nc = torch.load("c.pt", weights_only=True)\n');
    assert.equal(h.text(c0), 'import torch\n');
  });

  it('reports a saved notebook that cannot be read on its first cell, and goes on', async () => {
    const file = path.join(workspace, 'broken.ipynb');
    fs.writeFileSync(file, '{ "cells": [ ');
    const [c0, c1] = await h.openNotebook(fileUri(file), [
      { kind: 'code', text: 'import pickle\n' },
      { kind: 'code', text: 'pickle.loads(b"")\n' },
    ]);
    const first = await h.current(c0, (d) => d.length > 0);
    assert.equal(first.length, 1);
    assert.equal(first[0].code, 'analysis-problem');
    assert.match(String(first[0].message), /saved notebook could not be read.*not a valid notebook: the JSON is malformed/);
    assert.deepEqual(
      (await h.current(c1, (d) => d.length > 0)).map((d) => d.code),
      ['pickle-load-unsafe'],
    );
  });

  it('re-reads the saved notebook on save', async () => {
    const file = path.join(workspace, 'saved.ipynb');
    fs.writeFileSync(file, 'not json');
    const uri = fileUri(file);
    const [c0] = await h.openNotebook(uri, [{ kind: 'code', text: 'x = 1\n' }]);
    await h.current(c0, (d) => d.some((x) => x.code === 'analysis-problem'));
    fs.writeFileSync(file, notebookJson([{ type: 'code', source: 'x = 1\n' }]));
    const fixed = h.waitFor(c0, (d) => d.length === 0);
    await h.saveNotebook(uri);
    await fixed;
  });

  it('gives a malformed .ipynb opened as text one clear diagnostic at the error', async () => {
    const uri = fileUri(path.join(workspace, 'bad.ipynb'));
    const published = h.waitFor(uri);
    await h.open(uri, 'json', '{\n  "cells": [\n    {"cell_type": "code",,}\n  ]\n}\n');
    const diagnostics = await published;
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'analysis-problem');
    assert.equal(diagnostics[0].range.start.line, 2);
    assert.match(String(diagnostics[0].message), /not a valid notebook: the JSON is malformed/);
  });

  it('places findings of a notebook opened as JSON text on the lines that hold the source', async () => {
    const uri = fileUri(path.join(workspace, 'raw.ipynb'));
    const text = notebookJson([
      { type: 'markdown', source: '# notes\n' },
      { type: 'code', source: 'import pickle\nobj = pickle.loads(b"")\n' },
    ]);
    const published = h.waitFor(uri);
    await h.open(uri, 'json', text);
    const diagnostics = await published;
    assert.equal(diagnostics.length, 1);
    const line = text.split('\n')[diagnostics[0].range.start.line];
    assert.match(line, /obj = pickle\.loads/);
    assert.match(String(diagnostics[0].message), /^cell 2: /);
  });
});
