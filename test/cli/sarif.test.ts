import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { TOOL_VERSION } from '../../server/src/cli/sarif';
import { CATEGORIES } from '../../server/src/engine/types';
import { ensureBuilt, notebookJson, project, ROOT, runCli, TRAIN_PY } from './helpers';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositiveInteger = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;

/**
 * The essentials of the SARIF 2.1.0 schema that code-scanning consumers rely on, checked by hand
 * (no network: the schema itself is not fetched). Returns the problems found.
 */
function sarifProblems(sarif: unknown): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  if (!isObject(sarif)) return ['top level is not an object'];
  expect(sarif.version === '2.1.0', 'version must be "2.1.0"');
  expect(typeof sarif.$schema === 'string' && (sarif.$schema as string).includes('sarif'), '$schema names the SARIF schema');
  const runs = sarif.runs;
  if (!Array.isArray(runs) || runs.length !== 1) return [...problems, 'exactly one run'];
  const run = runs[0] as Json;
  const driver = (run.tool as Json | undefined)?.driver as Json | undefined;
  if (!isObject(driver)) return [...problems, 'runs[0].tool.driver is required'];
  expect(typeof driver.name === 'string' && driver.name.length > 0, 'driver.name is a non-empty string');
  const rules = driver.rules as Json[];
  expect(Array.isArray(rules), 'driver.rules is an array');
  const ids = new Set<string>();
  for (const rule of rules ?? []) {
    expect(typeof rule.id === 'string', 'rule.id is a string');
    expect(!ids.has(rule.id as string), `rule ${String(rule.id)} is listed once`);
    ids.add(rule.id as string);
    expect(isObject(rule.shortDescription) && typeof (rule.shortDescription as Json).text === 'string', `rule ${String(rule.id)}: shortDescription.text`);
    expect(typeof rule.helpUri === 'string' && /^https?:\/\//.test(rule.helpUri as string), `rule ${String(rule.id)}: helpUri is an absolute URI`);
    const properties = rule.properties as Json;
    const tags = properties?.tags as string[];
    expect(Array.isArray(tags) && tags.includes('security'), `rule ${String(rule.id)}: tags include "security"`);
    const category = tags?.find((t) => t.startsWith('category:'))?.slice('category:'.length);
    expect(!!category && (CATEGORIES as readonly string[]).includes(category), `rule ${String(rule.id)}: a category:<id> tag from categories.md`);
    const securitySeverity = Number(properties?.['security-severity']);
    expect(typeof properties?.['security-severity'] === 'string' && securitySeverity >= 0 && securitySeverity <= 10, `rule ${String(rule.id)}: security-severity is a number string 0-10`);
    expect(['none', 'note', 'warning', 'error'].includes(String((rule.defaultConfiguration as Json | undefined)?.level)), `rule ${String(rule.id)}: defaultConfiguration.level`);
  }
  const results = run.results as Json[];
  expect(Array.isArray(results), 'run.results is an array');
  for (const result of results ?? []) {
    const id = String(result.ruleId);
    expect(ids.has(id), `result rule ${id} is among driver.rules`);
    if (result.ruleIndex !== undefined) expect(rules[result.ruleIndex as number]?.id === id, `result ruleIndex points at ${id}`);
    expect(['none', 'note', 'warning', 'error'].includes(String(result.level)), 'result.level is a SARIF level');
    expect(isObject(result.message) && typeof (result.message as Json).text === 'string', 'result.message.text');
    const locations = result.locations as Json[];
    expect(Array.isArray(locations) && locations.length >= 1, 'result has a location');
    const physical = locations?.[0]?.physicalLocation as Json | undefined;
    const artifact = physical?.artifactLocation as Json | undefined;
    expect(typeof artifact?.uri === 'string' && !(artifact.uri as string).includes('\\'), 'artifactLocation.uri is a URI reference');
    if (artifact?.uriBaseId !== undefined) expect(isObject((run.originalUriBaseIds as Json | undefined)?.[artifact.uriBaseId as string]), 'uriBaseId is declared in originalUriBaseIds');
    const region = physical?.region as Json | undefined;
    expect(isPositiveInteger(region?.startLine), 'region.startLine is a 1-based integer');
    for (const key of ['startColumn', 'endLine', 'endColumn']) if (region?.[key] !== undefined) expect(isPositiveInteger(region[key]), `region.${key} is a 1-based integer`);
    const fingerprints = result.partialFingerprints as Json | undefined;
    expect(isObject(fingerprints) && Object.values(fingerprints).every((v) => typeof v === 'string' && v.length > 0), 'partialFingerprints maps to strings');
  }
  return problems;
}

describe('SARIF output', () => {
  before(ensureBuilt);

  const notebook = notebookJson([{ type: 'markdown', source: '# Load' }, { source: 'import torch\n' }, { source: 'x = 1\nstate = torch.load(path)\n' }]);
  const dir = project({ 'src/train.py': TRAIN_PY, 'nb.ipynb': notebook });
  const sarifOf = (cwd: string, args: string[] = ['.']) => JSON.parse(runCli(['scan', '--format', 'sarif', ...args], cwd).stdout) as Json;

  it('has the shape of SARIF 2.1.0: one run, rules with categories and security severity, results with locations', () => {
    const sarif = sarifOf(dir);
    assert.deepEqual(sarifProblems(sarif), []);
    const run = (sarif.runs as Json[])[0];
    const rules = ((run.tool as Json).driver as Json).rules as Json[];
    assert.equal(rules.length, allRules.length, 'every rule that ran is described');
    const torch = rules.find((r) => r.id === 'torch-load-unsafe')!;
    assert.deepEqual((torch.properties as Json).tags, ['security', 'category:unsafe-deserialization', 'external/cwe/cwe-502']);
    assert.equal(torch.helpUri, 'https://github.com/secure-ml/secure-ml/blob/main/docs/rules/torch-load-unsafe.md');
    const results = run.results as Json[];
    const inTrain = results.find((r) => r.ruleId === 'torch-load-unsafe' && JSON.stringify(r).includes('src/train.py'))!;
    assert.equal(inTrain.level, 'error');
    assert.deepEqual((inTrain.locations as Json[])[0], {
      physicalLocation: { artifactLocation: { uri: 'src/train.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 8, startColumn: 12, endLine: 8, endColumn: 48 } },
    });
  });

  it('places a notebook finding on the .ipynb line that stores the source line, with cell and cellLine', () => {
    const results = ((sarifOf(dir).runs as Json[])[0].results as Json[]).filter((r) => JSON.stringify(r.locations).includes('nb.ipynb'));
    assert.equal(results.length, 1);
    const region = ((results[0].locations as Json[])[0].physicalLocation as Json).region as Json;
    const jsonLine = notebook.split('\n')[(region.startLine as number) - 1];
    assert.equal(jsonLine.trim(), '"state = torch.load(path)\\n"');
    assert.deepEqual(results[0].properties, { cell: 2, cellLine: 2, category: 'unsafe-deserialization', fixable: true });
  });

  it('keeps fingerprints when lines move, and never puts a line number or source text in them', () => {
    const before = ((sarifOf(dir).runs as Json[])[0].results as Json[]).map((r) => r.partialFingerprints);
    const moved = project({ 'src/train.py': '"""Training helpers."""\n\n# added lines push the code down\n' + TRAIN_PY, 'nb.ipynb': notebook });
    const after = ((sarifOf(moved).runs as Json[])[0].results as Json[]).map((r) => r.partialFingerprints);
    assert.deepEqual(after, before);
    for (const fp of before as Json[]) for (const value of Object.values(fp)) assert.match(value as string, /^[0-9a-f]{32}$/);
  });

  it('lists files not analysed as tool notifications', () => {
    const broken = project({ 'bad.ipynb': '{ nope', 'ok.py': TRAIN_PY });
    const run = (sarifOf(broken).runs as Json[])[0];
    const notes = ((run.invocations as Json[])[0].toolExecutionNotifications as Json[]).map((n) => (n.message as Json).text);
    assert.equal(notes.length, 1);
    assert.match(String(notes[0]), /^bad\.ipynb: not analysed: not a valid notebook/);
  });

  it('reports the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(TOOL_VERSION, pkg.version);
  });
});
