import * as assert from 'node:assert/strict';
import { findProviderTokens } from '../../../server/src/engine/secrets/scan';

/** Letters and digits made at run time, so no token-shaped literal sits in the source. */
const run = (n: number) => Array.from({ length: n }, (_, i) => 'aB3xK9mQ7pZ2'[(i * 5 + 1) % 12]).join('');

describe('engine: provider prefixes inside base64 data URIs', () => {
  it('skips a prefix that occurs by chance inside image data', () => {
    const uri = `data:image/png;base64,iVBORw0KGgo${run(40)}/EAAB${run(140)}/${run(20)}==`;
    assert.deepEqual(findProviderTokens(`![plot](${uri})`), []);
    assert.deepEqual(findProviderTokens(`<img src="${uri}">`), []);
  });

  it('still finds the same token outside the data URI, after it and on its own', () => {
    const token = `EAAG${run(140)}`;
    const found = findProviderTokens(`![plot](data:image/png;base64,${run(80)}==) token: ${token}`);
    assert.deepEqual(
      found.map((m) => m.detectorId),
      ['facebook-access-token'],
    );
    assert.equal(findProviderTokens(token).length, 1);
  });
});
