// Starts code-server (VS Code 1.100 in a browser) on a free loopback port with every folder it
// writes to inside the run's own directory, and a headless Debian Chromium to look at it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { freePort, onCleanup, startGroup, stopGroup, waitFor } from './harness';

export interface CodeServer {
  port: number;
  origin: string;
  extensionsDir: string;
  log: string;
  /** URL of the workbench for a folder, with code-server's `payload` parameter if given. */
  url(folder: string, payload?: [string, string][]): string;
  /** `vscode-remote://` URI of a path on this machine, as the payload wants it. */
  remote(file: string): string;
  stop(): Promise<void>;
}

const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'files.autoSave': 'off',
  'editor.lightbulb.enabled': 'on',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
};

function environment(runDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // code-server and the extension host write to these even for --version: keep them in the run
  for (const [name, sub] of [
    ['HOME', 'home'],
    ['XDG_CONFIG_HOME', 'xdg-config'],
    ['XDG_DATA_HOME', 'xdg-data'],
    ['XDG_CACHE_HOME', 'xdg-cache'],
    ['XDG_STATE_HOME', 'xdg-state'],
    ['TMPDIR', 'tmp'],
  ]) {
    env[name] = path.join(runDir, sub);
    fs.mkdirSync(env[name]!, { recursive: true });
  }
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

/** Installs a .vsix into the run's extensions folder with code-server's own CLI. */
export function installExtension(codeServerDir: string, runDir: string, vsix: string): Promise<void> {
  const extensionsDir = path.join(runDir, 'extensions');
  const log = path.join(runDir, 'install-extension.log');
  const child = startGroup(
    process.execPath,
    [path.join(codeServerDir, 'out/node/entry.js'), '--extensions-dir', extensionsDir, '--user-data-dir', path.join(runDir, 'user-data'), '--install-extension', vsix],
    { env: environment(runDir), log },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`installing ${vsix} took over 120 s; see ${log}`)), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      void stopGroup(child.pid!);
      if (code === 0) resolve();
      else reject(new Error(`code-server --install-extension exited with ${code}: ${fs.readFileSync(log, 'utf8').slice(-2000)}`));
    });
  });
}

export async function startCodeServer(codeServerDir: string, runDir: string, logDir: string): Promise<CodeServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const userData = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const config = path.join(runDir, 'code-server.yaml');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const log = path.join(logDir, 'code-server.log');
  const child = startGroup(
    process.execPath,
    [
      path.join(codeServerDir, 'out/node/entry.js'),
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--config',
      config,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { env: environment(runDir), log },
  );
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  await waitFor(`code-server to answer on ${origin}/healthz (log: ${log})`, 60_000, async () => {
    if (exited !== undefined) throw new Error(`code-server exited with ${exited}: ${fs.readFileSync(log, 'utf8').slice(-2000)}`);
    const response = await fetch(`${origin}/healthz`);
    return response.ok ? true : undefined;
  });
  return {
    port,
    origin,
    extensionsDir,
    log,
    url(folder, payload) {
      let url = `${origin}/?folder=${encodeURIComponent(folder)}`;
      if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    remote(file) {
      return `vscode-remote://127.0.0.1:${port}${file}`;
    },
    stop: () => stopGroup(child.pid!),
  };
}

/** Headless Debian Chromium through playwright-core (no browser download). */
export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  const executablePath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`${executablePath} not found: run scripts/e2e/setup.sh (installs Debian's chromium)`);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    // our own handlers (harness.ts) close the browser and then stop code-server and remove the
    // run's folders; playwright's would exit the process before that
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  onCleanup(() => context.close().catch(() => undefined));
  return context;
}
