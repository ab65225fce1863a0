// Encodings met in real checkouts (docs/real-world.md): each file is either analysed or refused with
// a reason, never read as garbage in silence.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../../server/src/engine/config';
import { createEngine, type Engine } from '../../../server/src/engine/engine';
import { allRules } from '../../../rules';

const PICKLE = 'import pickle\n# café\npickle.loads(b)\n';

describe('file encodings', () => {
  let dir: string;
  let engine: Engine;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-encodings-'));
    engine = await createEngine(allRules);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function analyse(name: string, bytes: Buffer) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return engine.analyzeFile(file, undefined, defaultConfig());
  }

  it('reads UTF-16 LE with a byte-order mark (what Windows PowerShell writes) instead of calling it binary', () => {
    const result = analyse('le.py', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PICKLE, 'utf16le')]));
    assert.equal(result.skipped, undefined);
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.range.start.line]),
      [['pickle-load-unsafe', 2]],
    );
  });

  it('reads UTF-16 BE with a byte-order mark', () => {
    const le = Buffer.from(PICKLE, 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
    const result = analyse('be.py', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['pickle-load-unsafe'],
    );
  });

  it('finds a key in a UTF-16 .env file', () => {
    const key = ['sk-proj-', 'Ab3dEf9hIjK1mNoPqRsTuVwXyZ', '0123456789abcdEFGH'].join('');
    const result = analyse('.env', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${key}\r\n`, 'utf16le')]));
    assert.ok(result.findings.length > 0, 'no finding in the UTF-16 .env');
    assert.ok(result.findings.every((f) => !f.message.includes(key)));
  });

  it('still refuses UTF-16 without a byte-order mark as binary, saying why', () => {
    const result = analyse('nobom.py', Buffer.from(PICKLE, 'utf16le'));
    assert.equal(result.skipped, true);
    assert.match(result.problems[0].message, /binary file \(contains NUL bytes\)/);
  });

  it('reads Latin-1 bytes as UTF-8 with replacement characters, keeping the findings', () => {
    const result = analyse('latin1.py', Buffer.from(PICKLE, 'latin1'));
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.range.start.line]),
      [['pickle-load-unsafe', 2]],
    );
  });

  it('reads CRLF line ends', () => {
    for (const eol of ['\r\n']) {
      const result = analyse('eol.py', Buffer.from(PICKLE.replace(/\n/g, eol)));
      assert.deepEqual(
        result.findings.map((f) => [f.ruleId, f.range.start.line]),
        [['pickle-load-unsafe', 2]],
        JSON.stringify(eol),
      );
    }
  });
});
