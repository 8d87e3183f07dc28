/**
 * The playground in real Chromium: the built site served on loopback, each preset and a sample of the
 * corpus compared with `playScenario`, editing, the time slider, keyboard use, a phone-width viewport and
 * an axe-core audit. Screenshots go to .tmp/playground/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { createRequire } from 'node:module';
import { chromium as chromiumProfile, firefox, webkit, type BrowserProfile } from '@corsim/engine';
import { fixOf, parseScenarioText, playScenario, type Scenario } from 'corsim/scenario';
import { playgroundConfig, REPO_ROOT } from './build.js';
import { BROWSERS, type BrowserId } from './fragment.js';
import { readShareFragment, shareFragment } from './share-node.js';
import { isScenarioText } from './presets.js';

const CHROMIUM = process.env['CORSIM_CHROMIUM_PATH'] || '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`playground end-to-end tests skipped: no Chromium at ${CHROMIUM}`);
const ARTIFACTS = path.join(REPO_ROOT, '.tmp/playground');
const PROFILES: Record<BrowserId, BrowserProfile> = { chromium: chromiumProfile, firefox, webkit };

interface Verdict { step: number; browser: string; outcome: string; code: string | null; console: string[] }

/** The fix summaries `corsim teach` prints for Chromium's failed steps (the shared `fixOf`), by step. */
async function cliFixes(scenario: Scenario): Promise<Record<number, string>> {
  const out: Record<number, string> = {};
  const pageOrigin = new URL(scenario.page).origin;
  await playScenario(scenario, {
    profile: chromiumProfile,
    onStep(step, outcome, i) {
      const fix = fixOf(outcome, step.fetch, pageOrigin);
      if (fix) out[i] = fix.summary;
    },
  });
  return out;
}

function scenarioFile(file: string): Scenario {
  const parsed = parseScenarioText(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.join('; ')}`);
  return parsed.scenario;
}

/** What replay says, in the page's terms: per step and browser, the outcome, failure code and console lines. */
async function expected(scenario: Scenario): Promise<Verdict[]> {
  const out: Verdict[] = [];
  for (const browser of BROWSERS) {
    const result = await playScenario(scenario, {
      profile: PROFILES[browser],
      onStep(_s, outcome, step) {
        out.push({ step, browser, outcome: outcome.ok ? 'response' : 'network-error', code: outcome.ok ? null : outcome.reason.code, console: [...outcome.console] });
      },
    });
    // The hooks speak the result format's words: outcome as `corsim replay` writes it, Chromium's code.
    result.steps.forEach((s, i) => {
      const v = out.find((x) => x.browser === browser && x.step === i);
      expect(v?.outcome).toBe(s.outcome);
      if (browser === 'chromium' && s.error) expect(v?.code).toBe(s.error.code);
    });
  }
  return sortVerdicts(out);
}

function sortVerdicts(v: Verdict[]): Verdict[] {
  return v.sort((a, b) => a.step - b.step || a.browser.localeCompare(b.browser));
}

async function rendered(page: Page): Promise<Verdict[]> {
  const v = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-outcome]')].map((e) => {
    const step = Number(e.dataset['step']);
    const browser = e.dataset['browser'] ?? '';
    const lines = [...document.querySelectorAll(`[data-console-step="${step}"][data-console-browser="${browser}"] .console-line`)].map((l) => l.textContent ?? '');
    return { step, browser, outcome: e.dataset['outcome'] ?? '', code: e.dataset['code'] ?? null, console: lines };
  }));
  return sortVerdicts(v);
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!hasChromium)('playground in Chromium', () => {
  let outDir = '';
  let userDataDir = '';
  let server: Server;
  let browser: Browser;
  let base = '';
  const presets = readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.json')
    && isScenarioText(readFileSync(path.join(REPO_ROOT, 'examples', f), 'utf8'))).sort();

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'corsim-playground-'));
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'corsim-playground-chromium-'));
    await mkdir(ARTIFACTS, { recursive: true });
    await build({ ...playgroundConfig(outDir), logLevel: 'warn' });
    server = await serve(outDir);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, ignoreDefaultArgs: true, timeout: 60_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-dev-shm-usage', `--user-data-dir=${userDataDir}`,
        '--remote-debugging-pipe', '--no-startup-window'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await rm(outDir, { recursive: true, force: true });
    await rm(userDataDir, { recursive: true, force: true });
  });

  async function open(hash = '', viewport = { width: 1400, height: 1000 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(base + hash);
    await page.waitForFunction(() => document.documentElement.dataset['ready'] === '1');
    expect(errors).toEqual([]);
    return page;
  }

  async function revision(page: Page): Promise<string> {
    return page.evaluate(() => document.documentElement.dataset['revision'] ?? '');
  }

  async function afterChange(page: Page, before: string): Promise<void> {
    await page.waitForFunction((b) => document.documentElement.dataset['revision'] !== b, before);
  }

  it('finds the presets', () => {
    expect(presets.length).toBeGreaterThanOrEqual(5);
  });

  it.each(presets)('preset %s: verdicts, codes and console lines equal replay for all three browsers', async (file) => {
    const scenario = scenarioFile(path.join(REPO_ROOT, 'examples', file));
    const page = await open();
    if ((await page.inputValue('#preset')) !== scenario.id) {
      const before = await revision(page);
      await page.selectOption('#preset', scenario.id);
      await afterChange(page, before);
    }
    expect(await page.inputValue('#json')).toContain(`"id": "${scenario.id}"`);
    expect(await rendered(page)).toEqual(await expected(scenario));
    const fixes = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-fix-step]')]
      .map((e) => [e.dataset['fixStep'], e.querySelector('p')?.textContent ?? ''])));
    expect(fixes).toEqual(await cliFixes(scenario));
    await page.screenshot({ path: path.join(ARTIFACTS, `${scenario.id}.png`), fullPage: true });
    await page.close();
  });

  it('opens corpus scenarios from share links with the verdicts of replay', async () => {
    const dir = path.join(REPO_ROOT, 'spec-tests/corpus/chromium');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.result.json')).sort();
    const sample = files.filter((_, i) => i % 23 === 0);
    expect(sample.length).toBeGreaterThanOrEqual(10);
    const page = await browser.newPage();
    for (const f of sample) {
      const scenario = scenarioFile(path.join(dir, f));
      await page.goto('about:blank');
      await page.goto(base + shareFragment(scenario));
      await page.waitForFunction(() => document.documentElement.dataset['ready'] === '1');
      expect(await rendered(page), f).toEqual(await expected(scenario));
    }
    await page.close();
  });

  it('restores browser and time from the link, and writes links Node can read', async () => {
    const scenario = scenarioFile(path.join(REPO_ROOT, 'examples/put-json-then-credentialed.json'));
    const page = await open(shareFragment(scenario, { browser: 'webkit', t: 45 }));
    expect(await page.isChecked('input[name="browser"][value="webkit"]')).toBe(true);
    expect(await page.inputValue('#time-number')).toBe('45');
    await page.click('#copy');
    const link = await page.inputValue('#share');
    expect(readShareFragment(new URL(link).hash)).toEqual({ json: JSON.stringify(scenario), browser: 'webkit', t: 45 });
    await page.close();
  });

  it('says what is wrong with a broken link', async () => {
    const page = await open('#scenario=AAAA');
    expect(await page.textContent('#problems')).toContain('could not be decompressed');
    await page.close();
  });

  it('flips the verdict when a server header is edited', async () => {
    const page = await open();
    const cell = page.locator('[data-step="0"][data-browser="chromium"]');
    expect(await cell.getAttribute('data-outcome')).toBe('response');
    const allowHeaders = page.locator('[data-key="servers.0.0.headers.2.1"]');
    expect(await allowHeaders.inputValue()).toBe('x-custom, content-type');
    let before = await revision(page);
    await allowHeaders.fill('content-type');
    await afterChange(page, before);
    expect(await cell.getAttribute('data-outcome')).toBe('network-error');
    expect(await cell.getAttribute('data-code')).toBe('HeaderDisallowedByPreflightResponse');
    expect(await page.inputValue('#preset')).toBe('');
    before = await revision(page);
    await allowHeaders.fill('x-custom, content-type');
    await afterChange(page, before);
    expect(await cell.getAttribute('data-outcome')).toBe('response');
    await page.close();
  });

  it('draws the wire: preflight, cache hit, and a redirect that sends Origin: null', async () => {
    const cached = scenarioFile(path.join(REPO_ROOT, 'examples/cached-preflight-expires.json'));
    let page = await open(shareFragment(cached));
    const diagram = (i: number): Promise<string | null> => page.locator(`section.step >> nth=${i}`).locator('svg.diagram').textContent();
    expect(await diagram(0)).toContain('OPTIONS /items (preflight)');
    expect(await diagram(1)).toContain('hit: no preflight sent');
    expect(await diagram(1)).not.toContain('OPTIONS');
    // Step 2 (at 900 s): WebKit's capped entry has expired and it alone preflights again.
    const badge = (b: BrowserId): Promise<string> => page.locator(`[data-console-step="2"][data-console-browser="${b}"] h5`).innerText();
    expect(await badge('webkit')).toContain('different requests');
    expect(await badge('chromium')).not.toContain('different');
    await page.close();
    const redirect = scenarioFile(path.join(REPO_ROOT, 'examples/redirect-taints-origin.json'));
    page = await open(shareFragment(redirect));
    expect(await diagram(0)).toContain('Location: http://other.test:47003/report');
    expect(await diagram(0)).toContain('Origin: null');
    await page.close();
  });

  it('draws the HTTP cache: a response stored without Vary answers the CORS fetch, and the cache mode control', async () => {
    const scenario = scenarioFile(path.join(REPO_ROOT, 'examples/missing-vary-origin-cached.json'));
    const page = await open(shareFragment(scenario));
    const diagram = (i: number): Promise<string | null> => page.locator(`section.step >> nth=${i}`).locator('svg.diagram').textContent();
    expect(await diagram(0)).toContain('miss: nothing stored');
    expect(await diagram(0)).toContain('store the response (fresh 600 s)');
    expect(await diagram(1)).toContain('hit (5 s old, fresh 600 s, no Vary): nothing sent');
    expect(await diagram(1)).not.toContain('GET /logo.json');
    expect(await diagram(3)).toContain('miss: Vary (origin) does not match');
    const http = (b: BrowserId) => page.locator(`[data-cache="http"][data-browser="${b}"]`);
    for (const b of BROWSERS) expect(await http(b).evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['live', 'live']);
    expect(await http('chromium').first().textContent()).toContain('/logo.json (no Vary)');
    await page.locator('#time').fill('650');
    expect(await http('webkit').first().getAttribute('data-state')).toBe('stale');
    const cell = page.locator('[data-step="1"][data-browser="chromium"]');
    expect(await cell.getAttribute('data-code')).toBe('InvalidAllowOriginValue');
    const mode = page.locator('[data-key="steps.1.cache"]');
    expect(await mode.inputValue()).toBe('default');
    let before = await revision(page);
    await mode.selectOption('no-store');
    await afterChange(page, before);
    expect(await cell.getAttribute('data-outcome')).toBe('response');
    expect(await diagram(1)).toContain('not read: cache mode no-store');
    expect(await page.inputValue('#json')).toContain('"cache": "no-store"');
    before = await revision(page);
    await mode.selectOption('default');
    await afterChange(page, before);
    expect(await cell.getAttribute('data-outcome')).toBe('network-error');
    expect(await page.inputValue('#json')).not.toContain('"cache"');
    await page.close();
  });

  it('opens a dropped or picked file, and downloads the scenario it shows', async () => {
    const file = path.join(REPO_ROOT, 'examples/redirect-taints-origin.json');
    const page = await open();
    const before = await revision(page);
    await page.setInputFiles('#open', file);
    await afterChange(page, before);
    expect(await page.locator('[data-step="0"][data-browser="firefox"]').getAttribute('data-code')).toBe('AllowOriginMismatch');
    expect(await page.textContent('#status')).toContain('redirect-taints-origin.json');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('redirect-taints-origin.json');
    const saved = await download.path();
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(scenarioFile(file));
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['{"format": "cors-scenario/1"}'], 'broken.json', { type: 'application/json' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => (document.getElementById('problems')?.textContent ?? '').includes('broken.json'));
    expect(await page.textContent('#problems')).toContain('steps: must be a non-empty array');
    await page.close();
  });

  it('shows a preflight cache entry expire as the time slider crosses each browser’s Max-Age cap', async () => {
    const scenario = scenarioFile(path.join(REPO_ROOT, 'examples/cached-preflight-expires.json'));
    const page = await open(shareFragment(scenario));
    const state = (b: BrowserId): Promise<string | null> => page.locator(`[data-cache="preflight"][data-browser="${b}"]`).getAttribute('data-state');
    await page.locator('#time').fill('599');
    expect(await state('webkit')).toBe('live');
    await page.locator('#time').fill('601');
    expect(await state('webkit')).toBe('expired');
    expect(await state('chromium')).toBe('live');
    await page.locator('#time').fill('7201');
    expect(await state('chromium')).toBe('expired');
    expect(await state('firefox')).toBe('live');
    expect(new URL(page.url()).hash).toMatch(/&t=7201$/);
    await page.close();
  });

  it('can be used with the keyboard alone, with a visible focus', async () => {
    const page = await open();
    const focused = (): Promise<string> => page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      return a.id || a.dataset['key'] || (a as HTMLInputElement).value || a.tagName;
    });
    async function tabTo(target: string): Promise<void> {
      for (let i = 0; i < 400 && (await focused()) !== target; i++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(target);
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
      expect(outline).not.toBe('none');
    }
    await tabTo('preset');
    let before = await revision(page);
    await page.keyboard.press('End');
    await afterChange(page, before);
    expect(await page.inputValue('#preset')).toBe(presets.at(-1)?.replace(/\.json$/, ''));
    await tabTo('steps.0.headers.add');
    before = await revision(page);
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('steps.0.headers.0.0');
    await page.keyboard.type('X-Trace');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await afterChange(page, before);
    await tabTo('chromium');
    await page.keyboard.press('ArrowRight');
    expect(await page.isChecked('input[name="browser"][value="firefox"]')).toBe(true);
    expect(await page.textContent('#view')).toContain('On the wire in Firefox');
    await tabTo('time');
    await page.keyboard.press('Home');
    expect(await page.inputValue('#time-number')).toBe('0');
    await page.keyboard.press('ArrowRight');
    expect(await page.inputValue('#time-number')).toBe('1');
    await page.close();
  });

  it('fits a 360 px wide screen', async () => {
    const page = await open('', { width: 360, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'narrow-360.png'), fullPage: true });
    await page.close();
  });

  it('has no serious or critical axe-core violations, wide or narrow', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    for (const viewport of [{ width: 1400, height: 1300 }, { width: 360, height: 800 }]) {
      const page = await open('', viewport);
      await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations, `${viewport.width} px`).toEqual([]);
      if (viewport.width > 1000) await page.screenshot({ path: path.join(ARTIFACTS, 'main.png') });
      await page.close();
    }
  });
});
