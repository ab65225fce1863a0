import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file so that readers see the old content or the new, never half of it: the text goes
 * to a temporary file in the same folder, which is then renamed over the target (keeping the
 * target's permissions).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const temp = path.join(dir, `.${path.basename(file)}.secure-ml-${process.pid}-${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temp, content, mode !== undefined ? { mode } : undefined);
    if (mode !== undefined) fs.chmodSync(temp, mode);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
