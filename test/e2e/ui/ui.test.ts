// What a person sees: code-server (VS Code 1.100) with the packaged .vsix installed, driven
// through Debian's Chromium by keyboard as a user would. Each step saves a screenshot in
// test-results/e2e/ui/ (look at them: they are the evidence of what the user sees).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { installExtension, launchBrowser, startCodeServer } from '../../../scripts/e2e/lib/code-server';
import { checkBuilt, copyWorkspace, resultsRoot, setup, tempDir } from '../../../scripts/e2e/lib/harness';
import { packageExtension } from '../../../scripts/e2e/lib/package';

const shots = path.join(resultsRoot, 'ui');
const WAIT = 30_000;

describe('Secure ML in code-server, as a user sees it', function () {
  let page: Page;
  let workspace: string;
  let shot = 0;
  /** The status bar count seen with train.py open, before any fix. */
  let countBeforeFixes: number | undefined;

  async function screenshot(name: string): Promise<void> {
    shot++;
    await page.screenshot({ path: path.join(shots, `${String(shot).padStart(2, '0')}-${name}.png`) });
  }

  async function quickOpen(file: string): Promise<void> {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: WAIT });
    await input.fill(file);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: WAIT });
    await page.keyboard.press('Enter');
  }

  /** Opens the quick-fix menu at the cursor and runs the entry whose label matches. */
  async function runQuickFix(label: RegExp, screenshotName: string): Promise<string> {
    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: WAIT });
    await screenshot(screenshotName);
    const labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? element.textContent ?? ''));
    const index = labels.findIndex((text) => label.test(text));
    assert.ok(index >= 0, `no quick fix matching ${label} in the menu: ${JSON.stringify(labels)}`);
    // rows are not clickable (a pointer blocker covers them): move the focus, then Enter
    for (let step = 0; step < labels.length; step++) {
      const focused = await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label');
      if (focused && label.test(focused)) break;
      await page.keyboard.press('ArrowDown');
    }
    const chosen = (await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label')) ?? '';
    assert.match(chosen, label);
    await page.keyboard.press('Enter');
    return chosen;
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(`FAILED-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  before(async function () {
    this.timeout(240_000);
    checkBuilt();
    fs.rmSync(shots, { recursive: true, force: true });
    fs.mkdirSync(shots, { recursive: true });
    const codeServerDir = setup();
    const runDir = tempDir('ui');
    workspace = copyWorkspace(runDir);
    await installExtension(codeServerDir, runDir, packageExtension(runDir));
    const server = await startCodeServer(codeServerDir, runDir, shots);
    const context = await launchBrowser(path.join(runDir, 'chromium'));
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url(workspace));
    await page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 60_000 });
  });

  it('shows a squiggle under torch.load in a Python file, with the message on hover', async function () {
    await quickOpen('train.py');
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ state: 'attached', timeout: WAIT });
    await screenshot('python-squiggle');
    // the status bar item (a shield and the count of findings in open files) counts it
    await page.locator('.statusbar-item:has(.codicon-shield)', { hasText: /^\s*1\s*$/ }).waitFor({ timeout: WAIT });
    countBeforeFixes = 1;
    await squiggle.hover({ force: true });
    const hover = page.locator('.monaco-hover-content', { hasText: 'torch-load-unsafe' }).first();
    await hover.waitFor({ state: 'visible', timeout: WAIT });
    assert.match(await hover.innerText(), /weights_only=True/);
    await screenshot('python-hover');
    await page.keyboard.press('Escape');
  });

  it('lists the finding in the Problems panel with its rule id', async function () {
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'torch.load' }).first();
    await row.waitFor({ state: 'visible', timeout: WAIT });
    const text = await page.locator('.markers-panel').innerText();
    assert.match(text, /torch-load-unsafe/);
    assert.match(text, /train\.py/);
    await screenshot('problems-panel');
    await page.keyboard.press('Control+Shift+M'); // close it again
  });

  it('shows the lightbulb; the quick fix rewrites the call and the saved file on disk has it', async function () {
    await quickOpen('train.py');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: WAIT });
    await page.keyboard.press('F8'); // next problem: puts the cursor on it and shows the message
    await page.locator('.marker-widget').first().waitFor({ state: 'visible', timeout: WAIT });
    await screenshot('marker-widget');
    await page.keyboard.press('Escape');
    await page.locator('.lightBulbWidget .codicon, .lightBulbWidget').first().waitFor({ state: 'visible', timeout: WAIT });
    await screenshot('lightbulb');
    const chosen = await runQuickFix(/weights_only/i, 'quick-fix-menu');
    assert.doesNotMatch(chosen, /ignore/i);
    await page.locator('.monaco-editor .view-lines', { hasText: 'weights_only=True' }).first().waitFor({ timeout: WAIT });
    await page.keyboard.press('Control+S');
    const file = path.join(workspace, 'train.py');
    const deadline = Date.now() + WAIT;
    while (!fs.readFileSync(file, 'utf8').includes('weights_only=True') && Date.now() < deadline) await page.waitForTimeout(200);
    assert.match(fs.readFileSync(file, 'utf8'), /^checkpoint = torch\.load\("checkpoints\/best\.pt", weights_only=True\)$/m);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: WAIT });
    await screenshot('fixed-and-saved');
  });

  it('shows a squiggle in a notebook cell for a name imported in an earlier cell', async function () {
    await quickOpen('notebook.ipynb');
    const editor = page.locator('.notebook-editor:visible');
    await editor.waitFor({ state: 'visible', timeout: WAIT });
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: WAIT });
    const cells = editor.locator('.code-cell-row');
    assert.equal(await cells.count(), 2, 'the notebook opened in the notebook editor with its two code cells');
    assert.equal(await cells.nth(0).locator('.squiggly-error').count(), 0, 'no squiggle in the import cell');
    assert.match(await cells.nth(1).locator('.view-lines').innerText(), /th\.load/);
    assert.ok((await cells.nth(1).locator('.squiggly-error').count()) > 0, 'the squiggle is in the cell that calls th.load');
    await screenshot('notebook-squiggle');
  });

  it('applies a quick fix inside the notebook cell and saves it into the .ipynb', async function () {
    const cell = page.locator('.notebook-editor:visible .code-cell-row').nth(1);
    await cell.locator('.view-lines span', { hasText: 'load' }).first().click();
    await runQuickFix(/weights_only/i, 'notebook-quick-fix-menu');
    await cell.locator('.view-lines', { hasText: 'weights_only=True' }).waitFor({ timeout: WAIT });
    await page.keyboard.press('Control+S');
    const file = path.join(workspace, 'notebook.ipynb');
    const deadline = Date.now() + WAIT;
    while (!fs.readFileSync(file, 'utf8').includes('weights_only=True') && Date.now() < deadline) await page.waitForTimeout(200);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { source: string | string[] }[] };
    const source = saved.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
    assert.equal(source[2], 'model = th.load("model.pt", weights_only=True)\nmodel.eval()');
    await page.locator('.notebook-editor:visible .squiggly-error').first().waitFor({ state: 'detached', timeout: WAIT });
    await screenshot('notebook-fixed-and-saved');
  });

  it('lists the Secure ML commands in the command palette', async function () {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: WAIT });
    await input.fill('>Secure ML');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: WAIT });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Restart Server' }).first().waitFor({ timeout: WAIT });
    const labels = (await rows.allInnerTexts()).join('\n');
    for (const command of ['Secure ML: Scan Workspace', 'Secure ML: Show Rule Documentation', 'Secure ML: Restart Server']) {
      assert.ok(labels.includes(command), `"${command}" is not in the palette: ${labels}`);
    }
    await screenshot('command-palette');
    await page.keyboard.press('Escape');
  });

  it('shows the Secure ML status bar item, whose count went to 0 with the fixes', async function () {
    const item = page.locator('.statusbar-item:has(.codicon-shield)');
    await item.waitFor({ state: 'visible', timeout: WAIT });
    fs.writeFileSync(path.join(shots, 'status-bar-item.html'), await item.evaluate((element) => element.outerHTML));
    assert.match((await item.getAttribute('id')) ?? '', /^secure-ml\.secure-ml\./, 'the item belongs to the Secure ML extension');
    assert.equal(countBeforeFixes, 1, 'the status bar counted the finding in train.py before it was fixed');
    assert.match(await item.innerText(), /^\s*0\s*$/, 'both findings were fixed');
    assert.match((await item.getAttribute('aria-label')) ?? '', /Secure ML: 0 findings/);
    await item.hover();
    await page.locator('.monaco-hover, .workbench-hover', { hasText: 'Secure ML' }).first().waitFor({ state: 'visible', timeout: WAIT });
    await screenshot('status-bar');
  });
});
