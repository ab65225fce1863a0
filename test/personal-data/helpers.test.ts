import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DATA_KEY_VARIABLE, saveEncryptedHelper } from '../../rules/pii-exposure/personal-data';
import { pythonExecutable } from '../helpers/python';

/**
 * The encrypted-write fix inserts `save_encrypted` into the user's file: run it for real with
 * Debian's python3-pandas, -numpy and -cryptography and check that what it writes is not clear
 * text, decrypts back to the same data, and that without a key nothing is written.
 */
const SCRIPT = `
import io, json, os, sys
import numpy as np
import pandas as pd
from cryptography.fernet import Fernet
${saveEncryptedHelper('io', 'os', 'Fernet')}
folder = sys.argv[1]
frame = pd.DataFrame({"email": ["ada@example.com", "alan@example.org"], "spend": [12.5, 7.0]})
result = {}
csv_path = os.path.join(folder, "customers.csv")
save_encrypted(csv_path, lambda buffer: frame.to_csv(buffer, index=False))
raw = open(csv_path, "rb").read()
result["csv_clear_text"] = b"ada@example.com" in raw
key = os.environ["${DATA_KEY_VARIABLE}"].encode()
back = pd.read_csv(io.BytesIO(Fernet(key).decrypt(raw)))
result["csv_round_trip"] = back.equals(frame)
npy_path = os.path.join(folder, "emails.npy")
save_encrypted(npy_path, lambda buffer: np.save(buffer, frame["email"].to_numpy(dtype=str)))
array = np.load(io.BytesIO(Fernet(key).decrypt(open(npy_path, "rb").read())))
result["npy_round_trip"] = array.tolist() == frame["email"].tolist()
json_path = os.path.join(folder, "rows.json")
save_encrypted(json_path, lambda buffer: frame.to_json(buffer, orient="records"))
result["json_round_trip"] = json.loads(Fernet(key).decrypt(open(json_path, "rb").read())) == frame.to_dict("records")
del os.environ["${DATA_KEY_VARIABLE}"]
missing = os.path.join(folder, "no_key.csv")
try:
    save_encrypted(missing, lambda buffer: frame.to_csv(buffer))
    result["without_key"] = "wrote"
except KeyError:
    result["without_key"] = "KeyError"
result["without_key_file"] = os.path.exists(missing)
print(json.dumps(result))
`;

describe('personal-data fix helpers (run with python3)', function () {
  this.timeout(60_000);

  it('save_encrypted writes Fernet ciphertext that decrypts to the same CSV, .npy and JSON, and refuses to write without a key', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-encrypted-'));
    try {
      const key = spawnSync(pythonExecutable(), ['-c', 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'], { encoding: 'utf8' }).stdout.trim();
      assert.match(key, /^[A-Za-z0-9_-]{43}=$/, 'python3-cryptography is needed to generate a key');
      const run = spawnSync(pythonExecutable(), ['-c', SCRIPT, folder], { encoding: 'utf8', env: { ...process.env, [DATA_KEY_VARIABLE]: key, PYTHONDONTWRITEBYTECODE: '1' } });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), {
        csv_clear_text: false,
        csv_round_trip: true,
        npy_round_trip: true,
        json_round_trip: true,
        without_key: 'KeyError',
        without_key_file: false,
      });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
