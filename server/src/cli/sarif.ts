import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocsWebUrl } from '../engine/docs';
import type { Rule } from '../engine/rule';
import type { Severity } from '../engine/types';
import { displayPath, notAnalysed, warnings, type ScanReport } from './format';
import { fingerprint } from './report';

/** The package version, kept in step with package.json by a test. */
export const TOOL_VERSION = '0.1.0';
export const TOOL_URI = 'https://github.com/secure-ml/secure-ml';
/** Key of our fingerprint in `partialFingerprints` (versioned: a new scheme gets a new key). */
export const FINGERPRINT_KEY = 'secureMl/v1';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning reads `security-severity` (0-10): >= 7 high, >= 4 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

/** A file's URI relative to `%SRCROOT%` (the working folder) when inside it, else an absolute file URI. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const shown = displayPath(file);
  if (!path.isAbsolute(shown)) return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(file).toString() };
}

function ruleDescriptor(rule: Rule): Record<string, unknown> {
  const tags = ['security', `category:${rule.category}`, ...(rule.cwe ? [`external/cwe/cwe-${rule.cwe}`] : [])];
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.message },
    fullDescription: { text: rule.docs.what.trim() },
    helpUri: ruleDocsWebUrl(rule.id),
    help: {
      text: `${rule.docs.why.trim()}\n\nHow to fix: ${rule.docs.fix.trim()}`,
      markdown: `${rule.docs.why.trim()}\n\n**How to fix:** ${rule.docs.fix.trim()}\n\n[Rule documentation](${ruleDocsWebUrl(rule.id)})`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags, 'security-severity': SECURITY_SEVERITY[rule.severity], precision: 'high', problem: { severity: rule.severity } },
  };
}

/**
 * SARIF 2.1.0 (one run) as shared/DESIGN.md says: rules with their category as a tag; regions on
 * the file on disk (for a notebook, the `.ipynb` JSON line where the source line is stored, with
 * the cell and the line in the cell as properties); fingerprints that survive moved lines.
 */
export function formatSarif(report: ScanReport): string {
  const rules = [...report.rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = report.files.flatMap((file) => {
    const fileKey = displayPath(file.path);
    return file.findings.map((finding) => {
      const notebook = file.kind === 'notebook';
      const region: Record<string, number> = notebook
        ? { startLine: finding.fileLine + 1, endLine: Math.max(finding.fileLine, finding.fileEndLine) + 1 }
        : { startLine: finding.range.start.line + 1, startColumn: finding.range.start.character + 1, endLine: finding.range.end.line + 1, endColumn: finding.range.end.character + 1 };
      const properties: Record<string, unknown> = {};
      if (notebook) {
        properties.cell = finding.unit;
        properties.cellLine = finding.origin ? undefined : finding.range.start.line + 1;
        if (finding.origin) properties.output = { index: finding.origin.output, line: finding.origin.line + 1 };
      }
      properties.category = finding.category;
      properties.fixable = finding.fixable;
      return {
        ruleId: finding.ruleId,
        ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path), region } }],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding, fileKey) },
        properties: JSON.parse(JSON.stringify(properties)) as Record<string, unknown>,
      };
    });
  });
  const notifications = [
    ...notAnalysed(report).map((entry) => ({ level: 'warning', message: { text: `${entry.file}: not analysed: ${entry.message}` } })),
    ...warnings(report).map((entry) => ({ level: 'warning', message: { text: `${entry.file ? `${entry.file}: ` : ''}${entry.message}` } })),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'secure-ml', version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: TOOL_URI, rules: rules.map(ruleDescriptor) } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(process.cwd() + path.sep).toString() } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
