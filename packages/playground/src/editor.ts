/**
 * The left side: the situation as a form. Edits change the draft in place and call `changed`; a change
 * of structure (a row added or removed) asks for the form to be drawn again, with focus on `focusKey`.
 */
import { REQUEST_CACHE_MODES } from '@corsim/engine';
import type { Scenario } from 'corsim/scenario';
import { h } from './dom.js';

type DeepMutable<T> = T extends string | number | boolean | null ? T : { -readonly [K in keyof T]: DeepMutable<T[K]> };
export type Draft = DeepMutable<Scenario>;
type Pairs = [string, string][];
type Changed = (structural: boolean, focusKey?: string) => void;

const MODES = ['cors', 'no-cors', 'same-origin', 'navigate'] as const;
const CREDENTIALS = ['omit', 'same-origin', 'include'] as const;
const REDIRECTS = ['follow', 'error', 'manual'] as const;

function field(label: string, key: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): HTMLElement {
  control.id = `f-${key.replace(/[^A-Za-z0-9-]/g, '-')}`;
  control.dataset.key = key;
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

function text(value: string, set: (v: string) => void, changed: Changed, attrs: Record<string, string> = {}): HTMLInputElement {
  return h('input', { type: 'text', value, spellcheck: 'false', autocomplete: 'off', ...attrs, oninput: (e) => { set((e.target as HTMLInputElement).value); changed(false); } });
}

function select(options: readonly string[], value: string, set: (v: string) => void, changed: Changed): HTMLSelectElement {
  const el = h('select', { onchange: (e) => { set((e.target as HTMLSelectElement).value); changed(false); } },
    ...options.map((o) => h('option', { value: o, selected: o === value }, o)));
  return el;
}

function button(label: string, onclick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...attrs, onclick }, label);
}

/** An editable list of [name, value] pairs. */
function pairsEditor(title: string, pairs: Pairs, key: string, changed: Changed, names: [string, string] = ['Name', 'Value']): HTMLElement {
  const rows = pairs.map((pair, i) => {
    const name = text(pair[0], (v) => { pair[0] = v; }, changed, { 'aria-label': `${title} ${i + 1}: ${names[0].toLowerCase()}`, 'data-key': `${key}.${i}.0` });
    const value = text(pair[1], (v) => { pair[1] = v; }, changed, { 'aria-label': `${title} ${i + 1}: ${names[1].toLowerCase()}`, 'data-key': `${key}.${i}.1` });
    const remove = button('Remove', () => { pairs.splice(i, 1); changed(true, `${key}.add`); }, { 'aria-label': `Remove ${title.toLowerCase()} ${i + 1}` });
    return h('li', { class: 'pair' }, name, value, remove);
  });
  const add = button(`Add ${title.toLowerCase()}`, () => { pairs.push(['', '']); changed(true, `${key}.${pairs.length - 1}.0`); }, { 'data-key': `${key}.add` });
  return h('div', { class: 'pairs', role: 'group', 'aria-label': title },
    h('div', { class: 'pairs-title' }, title, pairs.length ? h('span', { class: 'cols', 'aria-hidden': 'true' }, ` (${names[0]}, ${names[1]})`) : ' (none)'),
    h('ul', {}, ...rows), add);
}

function stepEditor(draft: Draft, i: number, changed: Changed): HTMLElement {
  const step = draft.steps[i] as Draft['steps'][number];
  const f = step.fetch;
  const k = `steps.${i}`;
  const at = h('input', { type: 'number', min: 0, step: 'any', value: step.at, oninput: (e) => {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isFinite(v) && v >= 0) { step.at = v; changed(false); }
  } });
  const body = h('textarea', { rows: 2, spellcheck: 'false', oninput: (e) => {
    const v = (e.target as HTMLTextAreaElement).value;
    f.body = v === '' ? null : v;
    changed(false);
  } }, f.body ?? '');
  return h('fieldset', { class: 'step-editor' },
    h('legend', {}, `Step ${i}`),
    h('div', { class: 'row' },
      field('At (s)', `${k}.at`, at),
      field('Method', `${k}.method`, text(f.method, (v) => { f.method = v; }, changed, { size: '8' })),
    ),
    field('URL', `${k}.url`, text(f.url, (v) => { f.url = v; }, changed, { type: 'url' })),
    h('div', { class: 'row' },
      field('Mode', `${k}.mode`, select(MODES, f.mode, (v) => { f.mode = v as typeof f.mode; }, changed)),
      field('Credentials', `${k}.credentials`, select(CREDENTIALS, f.credentials, (v) => { f.credentials = v as typeof f.credentials; }, changed)),
      field('Redirect', `${k}.redirect`, select(REDIRECTS, f.redirect, (v) => { f.redirect = v as typeof f.redirect; }, changed)),
      // `default` is the format's absent member: choosing it removes the member rather than writing it.
      field('Cache', `${k}.cache`, select(REQUEST_CACHE_MODES, f.cache ?? 'default', (v) => {
        if (v === 'default') delete f.cache;
        else f.cache = v as NonNullable<typeof f.cache>;
      }, changed)),
    ),
    pairsEditor('Request header', f.headers as Pairs, `${k}.headers`, changed),
    field('Body (empty: none)', `${k}.body`, body),
    draft.steps.length > 1 ? button(`Remove step ${i}`, () => { draft.steps.splice(i, 1); changed(true, 'steps.add'); }) : null,
  );
}

function ruleRole(rule: Draft['servers'][string][number]): string {
  if (rule.status >= 300 && rule.status < 400) return 'redirect';
  if (rule.method === 'OPTIONS') return 'answers preflights';
  return rule.method === '*' ? 'answers any method' : `answers ${rule.method}`;
}

function ruleEditor(rules: Draft['servers'][string], o: number, r: number, changed: Changed): HTMLElement {
  const rule = rules[r] as Draft['servers'][string][number];
  const k = `servers.${o}.${r}`;
  const status = h('input', { type: 'number', min: 100, max: 999, value: rule.status, oninput: (e) => {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isInteger(v)) { rule.status = v; changed(false); }
  } });
  const body = h('textarea', { rows: 1, spellcheck: 'false', oninput: (e) => { rule.body = (e.target as HTMLTextAreaElement).value; changed(false); } }, rule.body);
  return h('fieldset', { class: 'rule-editor' },
    h('legend', {}, `Rule ${r + 1} (${ruleRole(rule)})`),
    h('div', { class: 'row' },
      field('Method', `${k}.method`, text(rule.method, (v) => { rule.method = v; }, changed, { size: '8' })),
      field('Path', `${k}.path`, text(rule.path, (v) => { rule.path = v; }, changed)),
      field('Status', `${k}.status`, status),
    ),
    pairsEditor('Response header', rule.headers as Pairs, `${k}.headers`, changed),
    field('Body', `${k}.body`, body),
    button(`Remove rule ${r + 1}`, () => { rules.splice(r, 1); changed(true, `servers.${o}.add`); }),
  );
}

function serverEditor(draft: Draft, origin: string, o: number, changed: Changed): HTMLElement {
  const rules = draft.servers[origin] ?? [];
  const rename = text(origin, () => undefined, changed, { 'data-key': `servers.${o}.origin` });
  rename.addEventListener('change', () => {
    const entries = Object.entries(draft.servers).map(([key, value]) => [key === origin ? rename.value : key, value] as const);
    draft.servers = Object.fromEntries(entries);
    changed(true, `servers.${o}.origin`);
  });
  return h('fieldset', { class: 'server-editor' },
    h('legend', {}, `Server ${origin}`),
    field('Origin', `servers.${o}.origin`, rename),
    ...rules.map((_, r) => ruleEditor(rules, o, r, changed)),
    h('div', { class: 'row' },
      button('Add rule', () => { rules.push({ method: '*', path: '/', status: 200, headers: [], body: '' }); changed(true, `servers.${o}.${rules.length - 1}.method`); }, { 'data-key': `servers.${o}.add` }),
      button(`Remove server`, () => { delete draft.servers[origin]; changed(true, 'servers.add'); }),
    ),
  );
}

function newStep(draft: Draft): Draft['steps'][number] {
  const last = draft.steps[draft.steps.length - 1];
  const url = last?.fetch.url ?? Object.keys(draft.servers)[0] ?? draft.page;
  return { at: last?.at ?? 0, fetch: { url, method: 'GET', headers: [], body: null, mode: 'cors', credentials: 'same-origin', redirect: 'follow' } };
}

/** The situation's form. */
export function renderEditor(draft: Draft, changed: Changed): HTMLElement {
  const origins = Object.keys(draft.servers);
  const cookies = draft.cookies.map((c): [string, string] => [c.url, c.cookie]);
  const cookieChanged: Changed = (structural, focusKey) => {
    draft.cookies = cookies.map(([url, cookie]) => ({ url, cookie }));
    changed(structural, focusKey);
  };
  return h('div', { class: 'editor' },
    field('Page URL (its origin makes the requests)', 'page', text(draft.page, (v) => { draft.page = v; }, changed, { type: 'url' })),
    h('h3', {}, 'Requests (fetch calls)'),
    ...draft.steps.map((_, i) => stepEditor(draft, i, changed)),
    button('Add step', () => { draft.steps.push(newStep(draft)); changed(true, `steps.${draft.steps.length - 1}.url`); }, { 'data-key': 'steps.add' }),
    h('h3', {}, 'Servers and their answers'),
    h('p', { class: 'hint' }, 'Rules answer in order; the first whose method and path match wins. In header values {{origin}}, {{acrm}} and {{acrh}} repeat the request’s Origin, Access-Control-Request-Method and -Headers. A redirect is a 3xx rule with a Location header.'),
    ...origins.map((origin, o) => serverEditor(draft, origin, o, changed)),
    button('Add server', () => {
      let n = origins.length + 2;
      while (`http://server${n}.example.test` in draft.servers) n++;
      draft.servers[`http://server${n}.example.test`] = [];
      changed(true, `servers.${origins.length}.origin`);
    }, { 'data-key': 'servers.add' }),
    h('h3', {}, 'Cookies the browser holds'),
    pairsEditor('Cookie', cookies, 'cookies', cookieChanged, ['Set by URL', 'Set-Cookie value']),
  );
}
