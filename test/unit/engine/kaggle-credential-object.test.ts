import * as assert from 'node:assert/strict';
import { inKaggleObject, scanText } from '../../../server/src/engine/secrets/scan';

/** A 32-hex value made at run time, so no key-shaped literal sits in the source. */
const hex32 = () => Array.from({ length: 32 }, (_, i) => '0123456789abcdef'[(i * 7 + 3) % 16]).join('');

describe('engine: the kaggle.json credential object', () => {
  it('reads a `key` beside `"username":` in the same object as a Kaggle API key', () => {
    const text = `{"username": "analyst", "key": "${hex32()}"}`;
    const found = scanText(text, { context: 'output' });
    assert.deepEqual(
      found.map((m) => m.detectorId),
      ['kaggle-api-key'],
    );
  });

  it('leaves a `key` alone when no username opens its object, or the username is in a closed object', () => {
    assert.deepEqual(scanText(`{"name": "features", "key": "${hex32()}"}`, { context: 'output' }), []);
    assert.deepEqual(scanText(`{"username": "a"} {"key": "${hex32()}"}`, { context: 'output' }), []);
    const text = `{"username": "a", "token": "x"}`;
    assert.equal(inKaggleObject(text, { name: 'token', nameStart: text.indexOf('token') }), false);
  });
});
