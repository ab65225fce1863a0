import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from './rule';

/** Where the rule pages are published (the repository's `docs/rules/` folder). */
export const DOCS_WEB_BASE = 'https://github.com/secure-ml/secure-ml/blob/main/docs/rules/';

export function ruleDocsWebUrl(id: string): string {
  return `${DOCS_WEB_BASE}${id}.md`;
}

/**
 * The rule page for an editor: the page shipped with the extension (works offline, matches the
 * installed version) when it is there, else the web page.
 */
export function ruleDocsUri(id: string): string {
  for (const dir of [path.join(__dirname, '..', 'docs', 'rules'), path.join(__dirname, '..', '..', '..', 'docs', 'rules')]) {
    const file = path.join(dir, `${id}.md`);
    if (fs.existsSync(file)) return pathToFileURL(file).toString();
  }
  return ruleDocsWebUrl(id);
}

function fence(code: string): string {
  return '```python\n' + code.trim() + '\n```';
}

/** The rule's page in Markdown, generated from its metadata so docs never drift from code. */
export function renderRuleMarkdown(rule: Rule): string {
  const lines = [
    `# ${rule.id}`,
    '',
    `| category | severity | CWE | fix |`,
    `|---|---|---|---|`,
    `| \`${rule.category}\` | ${rule.severity} | ${rule.cwe ? `[CWE-${rule.cwe}](https://cwe.mitre.org/data/definitions/${rule.cwe}.html)` : '—'} | ${rule.fixable ? 'yes' : 'no'} |`,
    '',
    `> ${rule.message}`,
    '',
    '## What it does',
    '',
    rule.docs.what.trim(),
    '',
    '## Why is this bad?',
    '',
    rule.docs.why.trim(),
    '',
    '## How to fix it',
    '',
    rule.docs.fix.trim(),
    '',
    '## Example',
    '',
    fence(rule.docs.example.bad),
    '',
    'Use instead:',
    '',
    fence(rule.docs.example.good),
    '',
    '## Suppressing',
    '',
    `Add \`# secure-ml: ignore[${rule.id}]\` at the end of the line (or on the line above), or switch the rule off with \`ignore = ["${rule.id}"]\` under \`[tool.secure-ml]\` in \`pyproject.toml\`.`,
  ];
  if (rule.docs.references && rule.docs.references.length > 0) {
    lines.push('', '## References', '', ...rule.docs.references.map((r) => `- ${r}`));
  }
  return lines.join('\n') + '\n';
}

/** The same page as plain text for a terminal. */
export function renderRuleText(rule: Rule): string {
  return renderRuleMarkdown(rule)
    .replace(/^\| category.*\n\|---.*\n/m, '')
    .replace(
      /^\| `([^`]+)` \| (\w+) \| ([^|]+) \| (\w+) \|$/m,
      (_m, category: string, severity: string, cwe: string, fix: string) => `category: ${category}   severity: ${severity}   ${cwe.replace(/\[(CWE-\d+)\]\([^)]*\)/, '$1')}   fix: ${fix}`,
    )
    .replace(/^```python\n/gm, '')
    .replace(/^```\n?/gm, '')
    .replace(/^#+ /gm, '')
    .replace(/`/g, '');
}
