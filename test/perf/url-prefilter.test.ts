import * as assert from 'node:assert/strict';
import { allRules } from '../../rules';
import { analyseCells, analysePython, engineWith } from '../helpers/engine';

const plainHttp = allRules.filter((r) => r.id === 'plain-http-url');

describe('plain-http-url document prefilter', () => {
  it('finds a URL whose scheme is spelled in another cell, another name or an interpolated value', async () => {
    const engine = await engineWith(plainHttp);
    const { result } = analyseCells(engine, ['BASE = "http://models.example.com"', 'import requests\nrequests.get(BASE + "/v1")']);
    assert.deepEqual(
      result.findings.map((f) => [f.unit, f.range.start.line]),
      [[1, 1]],
    );
    const built = analysePython(engine, 'import requests\nscheme = "HTTP"\nrequests.post(f"{scheme}://api.example.com/predict", json={})\n');
    assert.equal(built.findings.length, 1);
  });

  it('is decided per document: an https-only text after an http one, and back', async () => {
    const engine = await engineWith(plainHttp);
    const http = 'import requests\nrequests.get("http://data.example.com/x.csv")\n';
    const https = 'import requests\nrequests.get("https://data.example.com/x.csv")\n';
    assert.equal(analysePython(engine, http).findings.length, 1);
    assert.equal(analysePython(engine, https).findings.length, 0);
    assert.equal(analysePython(engine, http).findings.length, 1);
    assert.equal(analysePython(engine, 'import pandas as pd\npd.read_csv("ftp://files.example.com/a.csv")\n').findings.length, 1);
  });
});
