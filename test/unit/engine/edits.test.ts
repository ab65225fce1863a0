import * as assert from 'node:assert/strict';
import { applyFixes } from '../../../server/src/engine/apply';
import { defineRule, type EditBuilder, type CallSite } from '../../../server/src/engine/rule';
import type { Fix, UnitEdit } from '../../../server/src/engine/types';
import { analysePython, engineWith } from '../../helpers/engine';

const docs = { what: 'w', why: 'w', fix: 'w', example: { bad: 'x', good: 'y' } };

/** Runs `make` on every `target(...)` call of `code` and returns the text with the edits applied. */
async function edited(code: string, make: (edits: EditBuilder, call: CallSite) => UnitEdit[] | undefined): Promise<string> {
  const fixes: Fix[] = [];
  const rule = defineRule({
    id: 'edit-probe',
    category: 'weak-crypto',
    severity: 'info',
    message: 'm',
    docs,
    calls: ['*.target'],
    onCall(call, context) {
      const edits = make(context.edits, call);
      if (edits) fixes.push({ title: 't', safe: true, edits });
    },
  });
  analysePython(await engineWith([rule]), code);
  return applyFixes([code], fixes).texts[0];
}

const setFlag = (edits: EditBuilder, call: CallSite) => edits.setKeyword(call, 'flag', 'True');
const removeFlag = (edits: EditBuilder, call: CallSite) => {
  const argument = call.keywordArgument('flag');
  return argument ? edits.removeArgument(call, argument) : undefined;
};

describe('edit builders', () => {
  it('setKeyword adds, replaces, and keeps the one-argument-per-line style', async () => {
    assert.equal(await edited('m.target()\n', setFlag), 'm.target(flag=True)\n');
    assert.equal(await edited('m.target(a, b=1)\n', setFlag), 'm.target(a, b=1, flag=True)\n');
    assert.equal(await edited('m.target(a, flag=False)\n', setFlag), 'm.target(a, flag=True)\n');
    assert.equal(await edited('m.target(a, **kw)\n', setFlag), 'm.target(a, flag=True, **kw)\n');
    assert.equal(await edited('m.target(\n    a,\n    b=1,\n)\n', setFlag), 'm.target(\n    a,\n    b=1,\n    flag=True,\n)\n');
    assert.equal(await edited('m.target(\n    a,\n    b=1\n)\n', setFlag), 'm.target(\n    a,\n    b=1, flag=True\n)\n');
  });

  it('setKeyword tells a closing bracket on its own line (after spaces or tabs) from one after a trailing comma on the same line', async () => {
    assert.equal(await edited('m.target(a, b=1,)\n', setFlag), 'm.target(a, b=1, flag=True,)\n');
    assert.equal(await edited('x = 1\nm.target(\n\ta,\n\t)\n', setFlag), 'x = 1\nm.target(\n\ta,\n\tflag=True,\n\t)\n');
    assert.equal(await edited('m.target(a,\n         b=1,  )\n', setFlag), 'm.target(a,\n         b=1, flag=True,  )\n');
  });

  it('removeArgument removes the argument with its comma, or its whole line', async () => {
    assert.equal(await edited('m.target(flag=False)\n', removeFlag), 'm.target()\n');
    assert.equal(await edited('m.target(a, flag=False)\n', removeFlag), 'm.target(a)\n');
    assert.equal(await edited('m.target(a, flag=False,)\n', removeFlag), 'm.target(a,)\n');
    assert.equal(await edited('m.target(flag=False, b=2)\n', removeFlag), 'm.target(b=2)\n');
    assert.equal(await edited('m.target(\n    a,\n    flag=False,  # why\n    b=2,\n)\n', removeFlag), 'm.target(\n    a,\n    b=2,\n)\n');
  });

  it('ensureImport reuses an existing import or alias and keeps a shebang and docstring first', async () => {
    const useOs = (edits: EditBuilder, call: CallSite) => {
      const { edits: importEdits, reference } = edits.ensureImport('os');
      return [...importEdits, edits.replace(call.positional[0], `${reference}.environ["K"]`)];
    };
    assert.equal(await edited('import os as operating\nm.target("k")\n', useOs), 'import os as operating\nm.target(operating.environ["K"])\n');
    assert.equal(await edited('#!/usr/bin/env python\n"""Doc."""\nimport sys\n\nm.target("k")\n', useOs), '#!/usr/bin/env python\n"""Doc."""\nimport sys\nimport os\n\nm.target(os.environ["K"])\n');
    assert.equal(await edited('#!/usr/bin/env python\n# header\nm.target("k")\n', useOs), '#!/usr/bin/env python\n# header\nimport os\nm.target(os.environ["K"])\n');
    const fromImport = (edits: EditBuilder, call: CallSite) => {
      const { edits: importEdits, reference } = edits.ensureImport('yaml', 'safe_load');
      return [...importEdits, edits.replace(call.function, reference)];
    };
    assert.equal(await edited('import json\nm.target(s)\n', fromImport), 'import json\nfrom yaml import safe_load\nsafe_load(s)\n');
    assert.equal(await edited('import yaml\nm.target(s)\n', fromImport), 'import yaml\nyaml.safe_load(s)\n');
  });

  it('ensureDefinition inserts a helper once, after the imports, and not when the name exists', async () => {
    const helper = 'def require_key():\n    return 1';
    const useHelper = (edits: EditBuilder, call: CallSite) => [...edits.ensureDefinition('require_key', helper), edits.replace(call.function, 'require_key')];
    assert.equal(await edited('import os\n\nm.target()\nm.target()\n', useHelper), 'import os\n\n\ndef require_key():\n    return 1\n\n\nrequire_key()\nrequire_key()\n');
    assert.equal(await edited('def require_key():\n    return 2\nm.target()\n', useHelper), 'def require_key():\n    return 2\nrequire_key()\n');
  });
});

describe('applying fixes', () => {
  const at = (line: number, character: number) => ({ line, character });
  const edit = (sl: number, sc: number, el: number, ec: number, newText: string): UnitEdit => ({ unit: 0, range: { start: at(sl, sc), end: at(el, ec) }, newText });

  it('applies a fix all or nothing and defers one that overlaps an accepted fix', () => {
    const first: Fix = { title: 'a', safe: true, edits: [edit(0, 0, 0, 3, 'AAA')] };
    const overlapping: Fix = { title: 'b', safe: true, edits: [edit(0, 2, 0, 5, 'B'), edit(1, 0, 1, 1, 'Z')] };
    const { texts, applied, deferred } = applyFixes(['abcdef\nx\n'], [first, overlapping]);
    assert.equal(texts[0], 'AAAdef\nx\n');
    assert.deepEqual(applied, [first]);
    assert.deepEqual(deferred, [overlapping]);
  });

  it('applies the same import edit from two fixes once, and keeps insertion order at one place', () => {
    const importOs = edit(1, 0, 1, 0, 'import os\n');
    const helper = edit(1, 0, 1, 0, '\ndef h(): pass\n');
    const fixes: Fix[] = [
      { title: 'a', safe: true, edits: [importOs, helper, edit(2, 0, 2, 1, 'A')] },
      { title: 'b', safe: true, edits: [importOs, helper, edit(3, 0, 3, 1, 'B')] },
    ];
    assert.equal(applyFixes(['import sys\n\na\nb\n'], fixes).texts[0], 'import sys\nimport os\n\ndef h(): pass\n\nA\nB\n');
  });
});
