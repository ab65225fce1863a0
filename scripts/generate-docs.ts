// Writes docs/rules/<id>.md and the rules table in README.md from the rules' metadata,
// so the pages never drift from the code. `--check` fails instead of writing when they differ.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { expectedDocs } from './docs-model';

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const [relative, content] of expectedDocs(allRules, (file) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : ''))) {
  const file = path.join(root, relative);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (current === content) continue;
  stale++;
  if (check) console.error(`out of date: ${relative}`);
  else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    console.log(`wrote ${relative}`);
  }
}
const docsDir = path.join(root, 'docs', 'rules');
const wanted = new Set(allRules.map((r) => `${r.id}.md`).concat('README.md'));
for (const entry of fs.existsSync(docsDir) ? fs.readdirSync(docsDir) : []) {
  if (wanted.has(entry)) continue;
  stale++;
  if (check) console.error(`no such rule any more: docs/rules/${entry}`);
  else fs.rmSync(path.join(docsDir, entry));
}
if (check && stale > 0) {
  console.error('run `npm run docs` to regenerate');
  process.exit(1);
}
