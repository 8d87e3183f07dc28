/**
 * The wire as a sequence diagram: lanes for the page, the preflight cache, the HTTP cache and each server
 * that was contacted; an arrow per request, answer and cache step (hit, miss, store, revalidation), in the
 * order the trace records them.
 */
import { getHeader, type FetchOutcome, type WireExchange } from '@corsim/engine';
import { svg } from './dom.js';
import { cacheArrows } from './trace-text.js';

type Lane = 'page' | 'preflight' | 'http' | string;

interface Arrow {
  readonly from: Lane;
  readonly to: Lane;
  readonly label: string;
  readonly tone: Tone;
}

const TONES = ['request', 'answer', 'hit', 'store', 'error'] as const;
type Tone = (typeof TONES)[number];

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

function exchangeArrows(x: WireExchange): Arrow[] {
  const server = new URL(x.request.url).origin;
  const origin = getHeader(x.request.headers, 'Origin');
  const req: Arrow = { from: 'page', to: server, label: `${x.request.method} ${pathOf(x.request.url)}${x.leg === 'preflight' ? ' (preflight)' : ''}${origin !== null ? ` · Origin: ${origin}` : ''}`, tone: 'request' };
  const location = x.response ? getHeader(x.response.headers, 'Location') : null;
  const allowOrigin = x.response ? getHeader(x.response.headers, 'Access-Control-Allow-Origin') : null;
  const back: Arrow = x.response
    ? { from: server, to: 'page', label: `${x.response.status}${x.response.statusText ? ` ${x.response.statusText}` : ''}${allowOrigin !== null ? ` · Allow-Origin: ${allowOrigin || '(empty)'}` : ''}${location !== null ? ` · Location: ${location}` : ''}`, tone: 'answer' }
    : { from: server, to: 'page', label: `net::${x.netError?.name ?? 'error'}`, tone: 'error' };
  return [req, back];
}

/** The arrows of one outcome: the trace gives the order, the wire gives the requests. */
export function arrowsOf(outcome: FetchOutcome): Arrow[] {
  const arrows: Arrow[] = [];
  let w = 0;
  for (const e of outcome.trace) {
    for (const c of cacheArrows(e)) {
      arrows.push({ from: c.way === 'ask' ? 'page' : c.lane, to: c.way === 'ask' ? c.lane : 'page', label: c.label, tone: c.tone });
    }
    if (e.kind === 'send' && w < outcome.wire.length) {
      arrows.push(...exchangeArrows(outcome.wire[w++] as WireExchange));
    }
  }
  for (; w < outcome.wire.length; w++) arrows.push(...exchangeArrows(outcome.wire[w] as WireExchange));
  return arrows;
}

const LANE_W = 170;
const ROW_H = 34;
const TOP = 44;

function laneTitle(lane: Lane): string {
  return lane === 'page' ? 'Page (fetch)' : lane === 'preflight' ? 'Preflight cache' : lane === 'http' ? 'HTTP cache' : lane.replace(/^https?:\/\//, '');
}

/** An SVG sequence diagram for one step in one browser; `summary` is its text alternative. */
export function sequenceDiagram(outcome: FetchOutcome, summary: string): SVGSVGElement {
  const arrows = arrowsOf(outcome);
  const servers = [...new Set(outcome.wire.map((x) => new URL(x.request.url).origin))];
  const lanes: Lane[] = ['page', 'preflight', 'http', ...servers];
  const x = (lane: Lane): number => 20 + LANE_W / 2 + lanes.indexOf(lane) * LANE_W;
  const height = TOP + (arrows.length + 1) * ROW_H + 10;
  const width = lanes.length * LANE_W + 40;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': summary, class: 'diagram' });
  root.append(svg('defs', {}, ...TONES.map((tone) =>
    svg('marker', { id: `arrow-${tone}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `tone-${tone}` })))));
  for (const lane of lanes) {
    root.append(svg('text', { x: x(lane), y: 18, 'text-anchor': 'middle', class: 'lane-title' }, laneTitle(lane)));
    root.append(svg('line', { x1: x(lane), y1: 26, x2: x(lane), y2: height - 6, class: `lane lane-${lane === 'page' || lane === 'preflight' || lane === 'http' ? lane : 'server'}` }));
  }
  arrows.forEach((a, i) => {
    const y = TOP + i * ROW_H + 16;
    const x1 = x(a.from);
    const x2 = x(a.to);
    const dir = x2 > x1 ? -1 : 1;
    root.append(svg('line', { x1, y1: y, x2: x2 + dir * 4, y2: y, class: `arrow tone-${a.tone}`, 'marker-end': `url(#arrow-${a.tone})` }));
    root.append(svg('text', { x: (x1 + x2) / 2, y: y - 6, 'text-anchor': 'middle', class: `arrow-label tone-${a.tone}` }, a.label));
  });
  const endY = TOP + arrows.length * ROW_H + 16;
  const verdict = outcome.ok ? `✓ ${outcome.response.type} response, status ${outcome.response.status}` : `✗ ${outcome.exception}`;
  root.append(svg('text', { x: 20, y: endY, class: `verdict-text ${outcome.ok ? 'tone-answer' : 'tone-error'}` }, verdict));
  return root;
}
