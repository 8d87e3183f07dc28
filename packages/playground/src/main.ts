/**
 * The playground page: the situation on the left, what happens on the right, the time slider, presets,
 * files and share links. State: the draft scenario, the browser whose details are shown, and the time.
 */
import { parseScenario, parseScenarioText, type Scenario } from 'corsim/scenario';
import { h } from './dom.js';
import { renderEditor, type Draft } from './editor.js';
import { DEFAULT_BROWSER, isBrowserId, type BrowserId, type ViewParams } from './fragment.js';
import { DEFAULT_PRESET, PRESETS } from './presets.js';
import { makeFragment, readFragment } from './share.js';
import { defaultTime, simulate, timeSpan, type Runs } from './simulate.js';
import { renderView } from './view.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const el = {
  preset: $<HTMLSelectElement>('preset'), open: $<HTMLInputElement>('open'), download: $<HTMLButtonElement>('download'),
  copy: $<HTMLButtonElement>('copy'), share: $<HTMLInputElement>('share'), status: $('status'), problems: $('problems'),
  description: $('description'), editor: $('editor'), json: $<HTMLTextAreaElement>('json'), applyJson: $<HTMLButtonElement>('apply-json'),
  time: $<HTMLInputElement>('time'), timeNumber: $<HTMLInputElement>('time-number'), steps: $('step-times'), view: $('view'),
};

let draft: Draft | null = null;
let scenario: Scenario | null = null;
let runs: Runs | null = null;
let browser: BrowserId = DEFAULT_BROWSER;
let time: number | null = null;
let generation = 0;
let pending: ReturnType<typeof setTimeout> | undefined;

function showProblems(title: string, problems: readonly string[]): void {
  el.problems.replaceChildren(...(problems.length ? [h('div', { class: 'problems' }, h('p', {}, title), h('ul', {}, ...problems.map((p) => h('li', {}, p))))] : []));
}

function currentTime(): number {
  return time ?? (scenario ? defaultTime(scenario) : 0);
}

function drawView(): void {
  if (!scenario || !runs) return;
  const t = currentTime();
  el.time.max = String(timeSpan(scenario, runs));
  el.timeNumber.max = el.time.max;
  el.time.value = String(t);
  el.timeNumber.value = String(t);
  el.time.setAttribute('aria-valuetext', `${t} seconds`);
  el.steps.replaceChildren(...scenario.steps.map((s) => h('option', { value: s.at, label: `step at ${s.at} s` })));
  el.view.replaceChildren(renderView(scenario, runs, browser, t));
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name="browser"]')) r.checked = r.value === browser;
  void syncLink();
}

let linkGeneration = 0;

async function syncLink(): Promise<void> {
  if (!scenario) return;
  const mine = ++linkGeneration;
  const fragment = await makeFragment(JSON.stringify(scenario), { browser, t: time });
  // A later state may have been linked while this one was compressing.
  if (mine !== linkGeneration) return;
  history.replaceState(null, '', fragment);
  el.share.value = location.href;
}

/** Validates the draft and plays it in all three browsers, then draws the result. */
async function refresh(): Promise<void> {
  const mine = ++generation;
  const parsed = parseScenario(draft);
  if (!parsed.ok) {
    showProblems('The scenario cannot run yet (the right side shows the last one that could):', parsed.problems);
    el.view.classList.add('stale');
    return;
  }
  let played: Runs;
  try {
    played = await simulate(parsed.scenario);
  } catch (error) {
    showProblems('The simulator failed on this scenario:', [error instanceof Error ? error.message : String(error)]);
    el.view.classList.add('stale');
    return;
  }
  if (mine !== generation) return;
  showProblems('', []);
  el.view.classList.remove('stale');
  scenario = parsed.scenario;
  runs = played;
  if (document.activeElement !== el.json) el.json.value = JSON.stringify(scenario, null, 2);
  el.description.textContent = scenario.description;
  drawView();
  document.documentElement.dataset.revision = String(mine);
}

function drawEditor(focusKey?: string): void {
  if (!draft) return;
  el.editor.replaceChildren(renderEditor(draft, (structural, key) => {
    el.preset.value = '';
    if (structural) {
      drawEditor(key);
      void refresh();
    } else {
      clearTimeout(pending);
      pending = setTimeout(() => void refresh(), 150);
    }
  }));
  if (focusKey) el.editor.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
}

/** Loads a scenario's text; false (with the problems shown) when it is not a valid scenario. */
async function load(text: string, where: string, view?: ViewParams): Promise<boolean> {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    showProblems(`${where} is not a valid cors-scenario/1:`, parsed.problems);
    return false;
  }
  draft = structuredClone(parsed.scenario) as Draft;
  browser = view?.browser ?? browser;
  time = view ? view.t : null;
  el.preset.value = PRESETS.some((p) => p.name === parsed.scenario.id) && where.startsWith('preset') ? parsed.scenario.id : '';
  drawEditor();
  await refresh();
  return true;
}

async function loadPreset(name: string): Promise<void> {
  const preset = PRESETS.find((p) => p.name === name) ?? PRESETS[0];
  if (preset) await load(preset.text, `preset ${preset.name}`);
}

async function loadFromLocation(): Promise<void> {
  const read = await readFragment(location.hash);
  if (read === null) return loadPreset(DEFAULT_PRESET);
  if (!read.ok) {
    await loadPreset(DEFAULT_PRESET);
    showProblems('This link could not be opened:', [read.problem]);
    return;
  }
  if (!(await load(read.json, 'The link’s scenario', read.view))) el.view.replaceChildren();
}

async function loadFile(file: File): Promise<void> {
  if (await load(await file.text(), file.name)) el.status.textContent = `Opened ${file.name}.`;
}

function wire(): void {
  el.preset.replaceChildren(h('option', { value: '' }, 'Custom (edited or opened)'), ...PRESETS.map((p) => h('option', { value: p.name }, p.name)));
  el.preset.addEventListener('change', () => { if (el.preset.value) void loadPreset(el.preset.value); });
  el.open.addEventListener('change', () => { const f = el.open.files?.[0]; if (f) void loadFile(f); });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files[0];
    if (f) void loadFile(f);
  });
  el.download.addEventListener('click', () => {
    if (!scenario) return;
    const a = h('a', { href: URL.createObjectURL(new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' })), download: `${scenario.id}.json` });
    a.click();
    URL.revokeObjectURL(a.href);
  });
  el.copy.addEventListener('click', async () => {
    await syncLink();
    el.share.select();
    try {
      await navigator.clipboard.writeText(el.share.value);
      el.status.textContent = 'Share link copied.';
    } catch {
      el.status.textContent = 'Share link selected: copy it with Ctrl+C.';
    }
  });
  el.applyJson.addEventListener('click', () => void load(el.json.value, 'The JSON'));
  const setTime = (v: number): void => {
    if (!scenario || !Number.isFinite(v) || v < 0) return;
    time = v === defaultTime(scenario) ? null : v;
    drawView();
  };
  el.time.addEventListener('input', () => setTime(Number(el.time.value)));
  el.timeNumber.addEventListener('change', () => setTime(Number(el.timeNumber.value)));
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name="browser"]')) {
    r.addEventListener('change', () => { if (r.checked && isBrowserId(r.value)) { browser = r.value; drawView(); } });
  }
  window.addEventListener('hashchange', () => void loadFromLocation());
}

wire();
void loadFromLocation().then(() => { document.documentElement.dataset.ready = '1'; });
