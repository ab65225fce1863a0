import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyFixes } from '../../server/src/engine/apply';
import { defaultConfig } from '../../server/src/engine/config';
import { pythonDocument } from '../../server/src/engine/document';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { allRules } from '../../rules';
import { FIXTURES } from '../helpers/fixtures';
import { pythonExecutable } from '../helpers/python';

/**
 * The fix of model-endpoint-unauthenticated must make the app refuse requests without the API
 * key and serve those with it. The fixed fixture apps are run for real with FastAPI's TestClient
 * and Flask's test client (Debian's python3-fastapi, python3-httpx, python3-flask).
 */
const RULE = 'model-endpoint-unauthenticated';

function fixedSource(engine: Engine, file: string): string {
  let text = fs.readFileSync(file, 'utf8');
  for (let round = 0; round < 6; round++) {
    const findings = engine.analyzeDocument(pythonDocument(file, text, `${file}#${round}`), defaultConfig()).findings.filter((f) => f.ruleId === RULE && f.fixes.length > 0);
    if (findings.length === 0) break;
    const { texts, applied } = applyFixes(
      [text],
      findings.map((f) => f.fixes[0]),
    );
    if (applied.length === 0) break;
    text = texts[0];
  }
  return text;
}

const HARNESS = `
import importlib.util, json, os, sys, types
sys.modules.setdefault("flask_login", types.SimpleNamespace(login_required=lambda view: view))
kind, source, calls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
os.environ["SERVICE_API_KEY"] = "key-5c1e"
spec = importlib.util.spec_from_file_location("app_under_test", source)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
if kind == "fastapi":
    from fastapi.testclient import TestClient
    client = TestClient(module.app)
else:
    client = module.app.test_client()
statuses = []
for method, url, body, key in calls:
    headers = {"X-API-Key": key} if key is not None else {}
    response = getattr(client, method)(url, json=body, headers=headers) if body is not None else getattr(client, method)(url, headers=headers)
    statuses.append(response.status_code)
print(json.dumps(statuses))
`;

function statuses(kind: 'fastapi' | 'flask', source: string, calls: [string, string, unknown, string | null][]): number[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-endpoint-'));
  try {
    const file = path.join(dir, 'app_under_test.py');
    fs.writeFileSync(file, source);
    const result = spawnSync(pythonExecutable(), ['-c', HARNESS, kind, file, JSON.stringify(calls)], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    assert.equal(result.status, 0, `python failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '[]') as number[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('model-endpoint-unauthenticated fix, run for real', function () {
  this.timeout(60_000);
  let engine: Engine;
  before(async () => {
    engine = await createEngine(allRules);
  });

  it('FastAPI: the fixed app answers 401 without the key or with a wrong one, 200 with it; probes stay open', () => {
    const file = path.join(FIXTURES, RULE, 'fastapi_app.py');
    const body = { values: [1.5, 2.5] };
    const calls: [string, string, unknown, string | null][] = [
      ['post', '/predict', body, null],
      ['post', '/predict', body, 'wrong'],
      ['post', '/predict', body, 'key-5c1e'],
      ['post', '/batch', [[1, 2]], null],
      ['post', '/batch', [[1, 2]], 'key-5c1e'],
      ['get', '/health', null, null],
    ];
    assert.deepEqual(statuses('fastapi', fs.readFileSync(file, 'utf8'), calls), [200, 200, 200, 200, 200, 200], 'the original app is open');
    assert.deepEqual(statuses('fastapi', fixedSource(engine, file), calls), [401, 401, 200, 401, 200, 200]);
  });

  it('Flask: the fixed app answers 401 without the key or with a wrong one, 200 with it; probes stay open', () => {
    const file = path.join(FIXTURES, RULE, 'flask_app.py');
    const body = { values: [1.5, 2.5] };
    const calls: [string, string, unknown, string | null][] = [
      ['post', '/predict', body, null],
      ['post', '/predict', body, 'wrong'],
      ['post', '/predict', body, 'key-5c1e'],
      ['get', '/explain', null, null],
      ['get', '/explain', null, 'key-5c1e'],
      ['get', '/ping', null, null],
    ];
    assert.deepEqual(statuses('flask', fs.readFileSync(file, 'utf8'), calls), [200, 200, 200, 200, 200, 200], 'the original app is open');
    assert.deepEqual(statuses('flask', fixedSource(engine, file), calls), [401, 401, 200, 401, 200, 200]);
  });
});
