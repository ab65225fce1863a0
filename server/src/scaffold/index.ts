/**
 * `secure-ml init` and the editor's "New Project" command: writes a secure ML pipeline project
 * from templates/project. No vscode imports: the CLI and the extension share it.
 *
 * Template conventions: `__package__` in a path becomes the Python package name, a leading
 * `dot-` becomes `.` (so the template's own .gitignore does not apply to this repository), and
 * `{{variable}}` in file contents is replaced. Files listed in SERVE_ONLY are written only when
 * the inference API is wanted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ScaffoldOptions {
  /** The folder to create the project in (created if missing; must not hold any file we would write). */
  directory: string;
  /** Project name (defaults to the folder name). */
  name?: string;
  /** Include the FastAPI inference service with API-key auth (default true). */
  serve?: boolean;
  /** Where the templates are (default: found beside the bundle or the sources). */
  templatesDir?: string;
}

export interface PlannedFile {
  /** Path relative to the project folder, with `/` separators. */
  path: string;
  content: string;
}

export interface ScaffoldResult {
  directory: string;
  name: string;
  packageName: string;
  files: string[];
}

export class ScaffoldError extends Error {}

const SERVE_ONLY = new Set(['src/__package__/serve.py', 'tests/test_serve.py']);

/** A valid Python package name for a project name: `Churn Model-2` → `churn_model_2`. */
export function packageNameOf(name: string): string {
  let result = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  if (result === '') result = 'pipeline';
  if (/^[0-9]/.test(result)) result = `ml_${result}`;
  return result;
}

/** Why `name` cannot be a project name, or undefined when it can. */
export function projectNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'the project name is empty';
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(name)) return `"${name}" is not a valid project name: use letters, digits, spaces, ".", "_" and "-", starting with a letter or digit`;
  if (name.length > 100) return 'the project name is longer than 100 characters';
  return undefined;
}

/** The templates folder: `templates/project` beside dist/ (bundles) or at the repository root (sources). */
export function defaultTemplatesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'templates', 'project');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new ScaffoldError(`the project templates are missing (looked for templates/project above ${__dirname})`);
}

function listTemplateFiles(root: string, relative = ''): string[] {
  const entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listTemplateFiles(root, child));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}

function variablesFor(name: string, packageName: string, serve: boolean): Record<string, string> {
  return {
    name,
    package: packageName,
    serveDependencies: serve ? '  "fastapi>=0.100",\n  "uvicorn>=0.23",\n  "httpx>=0.24",\n' : '',
    serveRequirements: serve ? 'fastapi>=0.100\nuvicorn>=0.23\nhttpx>=0.24\n' : '',
    serveEnv: serve ? '# the key clients send in the X-API-Key header of the inference API\nSERVICE_API_KEY=\n' : '',
    serveRow: serve ? `| inference API | \`src/${packageName}/serve.py\` | API key required on every model route (constant-time check), binds 127.0.0.1 by default |\n` : '',
    serveConftest: serve ? '    monkeypatch.setenv("SERVICE_API_KEY", secrets.token_urlsafe(32))\n' : '',
    serveCommand: serve ? `SERVICE_API_KEY=... python -m ${packageName}.serve\n` : '',
  };
}

function substitute(content: string, variables: Record<string, string>, file: string): string {
  return content.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    const value = variables[key];
    if (value === undefined) throw new ScaffoldError(`template ${file} uses an unknown variable ${whole}`);
    return value;
  });
}

function targetPath(templatePath: string, packageName: string): string {
  return templatePath
    .split('/')
    .map((part) => part.replace(/^dot-/, '.').replace(/__package__/g, packageName))
    .join('/');
}

/** The files the project will have, without touching the disk (besides reading the templates). */
export function planProject(options: ScaffoldOptions): { name: string; packageName: string; files: PlannedFile[] } {
  const name = (options.name ?? path.basename(path.resolve(options.directory))).trim();
  const problem = projectNameProblem(name);
  if (problem) throw new ScaffoldError(problem);
  const packageName = packageNameOf(name);
  const serve = options.serve ?? true;
  const root = options.templatesDir ?? defaultTemplatesDir();
  const variables = variablesFor(name, packageName, serve);
  const files = listTemplateFiles(root)
    .filter((file) => serve || !SERVE_ONLY.has(file))
    .map((file) => ({ path: targetPath(file, packageName), content: substitute(fs.readFileSync(path.join(root, file), 'utf8'), variables, file) }));
  return { name, packageName, files };
}

/**
 * Writes the project. Never overwrites: when any file to be written exists already, nothing is
 * written and the error lists those files.
 */
export function writeProject(options: ScaffoldOptions): ScaffoldResult {
  const directory = path.resolve(options.directory);
  const plan = planProject(options);
  if (fs.existsSync(directory) && !fs.statSync(directory).isDirectory()) throw new ScaffoldError(`${directory} exists and is not a folder`);
  const clashes = plan.files.filter((file) => fs.existsSync(path.join(directory, file.path))).map((file) => file.path);
  if (clashes.length > 0) {
    throw new ScaffoldError(
      `${directory} already has ${clashes.length === 1 ? 'a file' : 'files'} the project would overwrite (${clashes.slice(0, 5).join(', ')}${clashes.length > 5 ? ', …' : ''}); nothing was written`,
    );
  }
  for (const file of plan.files) {
    const target = path.join(directory, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content, { flag: 'wx' });
  }
  return { directory, name: plan.name, packageName: plan.packageName, files: plan.files.map((f) => f.path) };
}
