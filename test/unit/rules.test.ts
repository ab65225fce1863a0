import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pythonDocument } from '../../server/src/engine/document';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { defaultConfig } from '../../server/src/engine/config';
import { CATEGORIES } from '../../server/src/engine/types';
import { allRules } from '../../rules';
import { expectedDocs } from '../../scripts/docs-model';
import { expectationsOf } from '../helpers/expectations';
import { fixtureFiles, FIXTURES, ROOT } from '../helpers/fixtures';
import { notebookFromJson, textDocument } from '../../server/src/engine/document';

/** What every rule of the catalogue must ship with. */
describe('rule catalogue', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine(allRules);
  });

  it('has unique ids, valid categories and a rule in every category it lists', () => {
    const ids = allRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
    for (const rule of allRules) assert.ok((CATEGORIES as readonly string[]).includes(rule.category), `${rule.id}: bad category`);
  });

  it('keeps docs/rules and the README table in step with the rules (`npm run docs`)', () => {
    const read = (relative: string) => (fs.existsSync(path.join(ROOT, relative)) ? fs.readFileSync(path.join(ROOT, relative), 'utf8') : '');
    for (const [relative, content] of expectedDocs(allRules, read)) assert.equal(read(relative), content, `${relative} is out of date: run npm run docs`);
  });

  for (const rule of allRules) {
    describe(rule.id, () => {
      const folder = path.join(FIXTURES, rule.id);
      const files = fs.existsSync(folder) ? fixtureFiles(rule.id) : [];
      const isCodeRule = !!(rule.onCall || rule.onNode);

      it('has a fixture folder with cases that fire it', () => {
        assert.ok(files.length > 0, `no fixtures in test/fixtures/${rule.id}/`);
        const firing = files.filter((file) => {
          const text = fs.readFileSync(file, 'utf8');
          const doc = file.endsWith('.ipynb') ? notebookFromJson(file, text) : file.endsWith('.py') ? pythonDocument(file, text) : textDocument(file, text);
          return [...expectationsOf(doc, file).values()].some((list) => list.some((e) => e.ruleId === rule.id));
        });
        assert.ok(firing.length > 0, 'no fixture expects this rule to fire');
        if (isCodeRule) {
          assert.ok(
            firing.some((f) => f.endsWith('.py')),
            'no Python fixture fires it',
          );
          assert.ok(
            firing.some((f) => f.endsWith('.ipynb')),
            'no notebook fixture fires it (a case across cells)',
          );
          assert.ok(
            files.some((f) => /syntax-error/.test(path.basename(f))),
            'no fixture with syntax errors (name it *syntax-error*)',
          );
        }
      });

      if (rule.fixable) {
        it('has a .fixed fixture (the exact text after its fix)', () => {
          assert.ok(
            files.some((f) => fs.existsSync(f.replace(/\.(py|ipynb)$/, '.fixed.$1')) && !/\.fixed\./.test(f)),
            `fixable but no <name>.fixed.py / .fixed.ipynb in test/fixtures/${rule.id}/`,
          );
        });
      }

      if (isCodeRule) {
        it('fires on its documentation example and not on the fixed example', () => {
          const bad = engine.analyzeDocument(pythonDocument(`/docs/${rule.id}/bad.py`, rule.docs.example.bad), defaultConfig()).findings.filter((f) => f.ruleId === rule.id);
          const good = engine.analyzeDocument(pythonDocument(`/docs/${rule.id}/good.py`, rule.docs.example.good), defaultConfig()).findings.filter((f) => f.ruleId === rule.id);
          assert.ok(bad.length > 0, 'the "bad" example does not fire');
          assert.deepEqual(
            good.map((f) => f.message),
            [],
            'the "good" example fires',
          );
        });
      }
    });
  }
});
