import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Debian's interpreter (the one CI installs), unless SECURE_ML_PYTHON names another. */
export function pythonExecutable(): string {
  if (process.env.SECURE_ML_PYTHON) return process.env.SECURE_ML_PYTHON;
  return fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

const CHECKER = `
import json, py_compile, sys
failures = {}
for path in sys.argv[1:]:
    try:
        py_compile.compile(path, doraise=True)
    except py_compile.PyCompileError as error:
        failures[path] = str(error.msg).strip()
print(json.dumps(failures))
`;

/**
 * Compiles each source with Python's py_compile; returns the error per name for those that fail.
 */
export function compilePython(sources: { name: string; code: string }[]): Map<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-ml-pycompile-'));
  try {
    const files = sources.map((source, index) => {
      const file = path.join(dir, `${index}_${source.name.replace(/[^\w.-]+/g, '_')}`.replace(/(\.py)?$/, '.py'));
      fs.writeFileSync(file, source.code);
      return { file, name: source.name };
    });
    const result = spawnSync(pythonExecutable(), ['-c', CHECKER, ...files.map((f) => f.file)], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPYCACHEPREFIX: path.join(dir, 'pycache') },
    });
    if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr || result.error?.message}`);
    const failures = JSON.parse(result.stdout) as Record<string, string>;
    const byName = new Map<string, string>();
    for (const { file, name } of files) if (failures[file]) byName.set(name, failures[file]);
    return byName;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
