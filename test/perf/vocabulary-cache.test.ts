import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../server/src/engine/config';
import { vocabularyOf } from '../../server/src/engine/sensitive-data';
import { allRules } from '../../rules';
import { analyseCells, engineWith } from '../helpers/engine';

describe('personal-data vocabulary cache', () => {
  it('answers by code and sensitive-columns together', () => {
    assert.equal(vocabularyOf('frame["customer_email"] = 1\n', []).direct, true);
    assert.equal(vocabularyOf('acct_ref = load()\n', []).direct, false);
    assert.equal(vocabularyOf('acct_ref = load()\n', ['acct_ref']).direct, true);
    assert.equal(vocabularyOf('acct_ref = load()\n', []).direct, false);
    assert.equal(vocabularyOf('df = pd.read_csv("people.csv")\nprint(df["Full Name"])\n', []).name, true);
  });

  it('follows a notebook as its cells are edited (only the new text is new)', async () => {
    const engine = await engineWith(allRules.filter((r) => r.id === 'pii-logged'));
    const setup = 'import logging\nimport pandas as pd\nlogger = logging.getLogger(__name__)\nusers = pd.read_csv("users.csv")';
    const before = analyseCells(engine, [setup, 'logger.info("row %s", users["score"])']);
    assert.equal(before.result.findings.length, 0);
    const after = analyseCells(engine, [setup, 'logger.info("row %s", users["email"])']);
    assert.deepEqual(
      after.result.findings.map((f) => f.unit),
      [1],
    );
    const config = { ...defaultConfig(), sensitiveColumns: ['score'] };
    const custom = analyseCells(engine, [setup, 'logger.info("row %s", users["score"])'], config);
    assert.deepEqual(
      custom.result.findings.map((f) => f.unit),
      [1],
    );
    assert.equal(analyseCells(engine, [setup, 'logger.info("row %s", users["score"])']).result.findings.length, 0);
  });
});
