// SVG chart of a soak run over time: RSS and the summed V8 heap of all threads (MB, left axis), the worst
// event-loop delay of any thread (ms, dotted, right axis) and the events lost per window (red marks).
import type { SoakSummary } from './soak.js';

const W = 860;
const H = 420;
const M = { left: 70, right: 70, top: 50, bottom: 50 };

function niceMax(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

export function renderSoakSvg(r: SoakSummary): string {
  const s = r.samples;
  const tMax = Math.max(1, ...s.map((p) => p.t_s));
  const heap = s.map((p) => Object.values(p.heap_used_mb).reduce((a, b) => a + b, 0));
  const el = s.map((p) => Math.max(0, ...Object.values(p.event_loop_max_ms)));
  const mbMax = niceMax(Math.max(1, ...s.map((p) => p.rss_mb ?? 0), ...heap));
  const msMax = niceMax(Math.max(1, ...el));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (t: number): number => M.left + (t / tMax) * pw;
  const y = (mb: number): number => M.top + ph - (mb / mbMax) * ph;
  const yr = (ms: number): number => M.top + ph - (ms / msMax) * ph;
  const path = (ys: number[]): string => ys.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(s[i].t_s).toFixed(1)},${v.toFixed(1)}`).join(' ');
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">Butler SOS soak: ${r.minutes} min at ${r.rate_per_s}/s, ${r.written} of ${r.sent} written, ${r.lost} lost</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    out.push(`<line x1="${M.left}" y1="${y((mbMax / 5) * i)}" x2="${M.left + pw}" y2="${y((mbMax / 5) * i)}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 8}" y="${y((mbMax / 5) * i) + 4}" text-anchor="end">${Math.round((mbMax / 5) * i)}</text>`);
    out.push(`<text x="${M.left + pw + 8}" y="${yr((msMax / 5) * i) + 4}" fill="#666">${Math.round((msMax / 5) * i * 10) / 10}</text>`);
    out.push(`<text x="${x((tMax / 5) * i)}" y="${M.top + ph + 18}" text-anchor="middle">${Math.round((tMax / 5) * i)}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${M.left + pw / 2}" y="${H - 12}" text-anchor="middle">seconds</text>`);
  out.push(`<text transform="translate(20 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">MB</text>`);
  out.push(`<text transform="translate(${W - 15} ${M.top + ph / 2}) rotate(90)" text-anchor="middle" fill="#666">event-loop delay, max of threads (ms)</text>`);
  if (s.length > 0) {
    out.push(`<path d="${path(s.map((p) => y(p.rss_mb ?? 0)))}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
    out.push(`<path d="${path(heap.map(y))}" fill="none" stroke="#2ca02c" stroke-width="2"/>`);
    out.push(`<path d="${path(el.map(yr))}" fill="none" stroke="#666" stroke-dasharray="3 3"/>`);
    for (const p of s) if (p.kernel_drops + p.lost_after_socket > 0) out.push(`<circle cx="${x(p.t_s)}" cy="${M.top + ph - 4}" r="4" fill="#d62728"/>`);
  }
  out.push(`<text x="${M.left + 10}" y="${M.top + 16}" fill="#1f77b4">RSS</text>`);
  out.push(`<text x="${M.left + 50}" y="${M.top + 16}" fill="#2ca02c">V8 heap, all threads</text>`);
  out.push(`<text x="${M.left + 190}" y="${M.top + 16}" fill="#666">event-loop delay</text>`);
  out.push(`<text x="${M.left + 310}" y="${M.top + 16}" fill="#d62728">● window with loss</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
