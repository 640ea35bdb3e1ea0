// A hand-written SVG chart of a bench run: written/s against offered/s per worker configuration (solid), the
// ideal diagonal and the same-run bare-dgram baseline (dashed), and loss — kernel drops plus loss after the
// socket, as % of sent — on the right-hand axis (dotted). No dependencies; readable in any browser.

import type { BenchResult, StepResult } from './result.js';

const W = 860;
const H = 480;
const M = { left: 80, right: 70, top: 50, bottom: 60 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function niceMax(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

function kfmt(x: number): string {
  return x >= 1000 ? `${Math.round(x / 100) / 10}k` : String(Math.round(x));
}

function lossPct(s: StepResult): number {
  return s.sent > 0 ? ((s.kernel_drops + s.lost_after_socket + (s.ring_drops ?? 0)) / s.sent) * 100 : 0;
}

export function renderSvg(r: BenchResult): string {
  const xMax = niceMax(Math.max(1, ...r.steps.map((s) => s.offered_per_s)));
  const yMax = niceMax(Math.max(1, r.baseline_dgram_per_s, ...r.steps.map((s) => Math.max(s.written_per_s, s.offered_per_s))));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (v: number): number => M.left + (v / xMax) * pw;
  const y = (v: number): number => M.top + ph - (v / yMax) * ph;
  const yl = (pct: number): number => M.top + ph - (Math.min(100, pct) / 100) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(`Butler SOS bench: throughput and loss vs offered rate (${r.machine.cpus} cores, ${r.collector} collector)`)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const vx = (xMax / 5) * i;
    const vy = (yMax / 5) * i;
    out.push(`<line x1="${x(vx)}" y1="${M.top}" x2="${x(vx)}" y2="${M.top + ph}" stroke="#eee"/>`);
    out.push(`<line x1="${M.left}" y1="${y(vy)}" x2="${M.left + pw}" y2="${y(vy)}" stroke="#eee"/>`);
    out.push(`<text x="${x(vx)}" y="${M.top + ph + 18}" text-anchor="middle">${kfmt(vx)}</text>`);
    out.push(`<text x="${M.left - 8}" y="${y(vy) + 4}" text-anchor="end">${kfmt(vy)}</text>`);
    out.push(`<text x="${M.left + pw + 8}" y="${yl(20 * i) + 4}" fill="#666">${20 * i}%</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${M.left + pw / 2}" y="${H - 15}" text-anchor="middle">offered datagrams/s</text>`);
  out.push(`<text transform="translate(20 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">events/s written</text>`);
  out.push(`<text transform="translate(${W - 15} ${M.top + ph / 2}) rotate(90)" text-anchor="middle" fill="#666">loss (% of sent)</text>`);
  const diag = Math.min(xMax, yMax);
  out.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(diag)}" y2="${y(diag)}" stroke="#bbb" stroke-dasharray="2 4"/>`);
  if (r.baseline_dgram_per_s > 0) {
    out.push(`<line x1="${M.left}" y1="${y(r.baseline_dgram_per_s)}" x2="${M.left + pw}" y2="${y(r.baseline_dgram_per_s)}" stroke="#555" stroke-dasharray="8 5"/>`);
    out.push(`<text x="${M.left + 6}" y="${y(r.baseline_dgram_per_s) - 6}" fill="#555">bare dgram baseline ${kfmt(r.baseline_dgram_per_s)}/s</text>`);
  }
  r.runs.forEach((run, i) => {
    const color = COLORS[i % COLORS.length];
    const steps = [...run.steps].sort((a, b) => a.offered_per_s - b.offered_per_s);
    const pts = steps.map((s) => `${x(s.offered_per_s).toFixed(1)},${y(s.written_per_s).toFixed(1)}`).join(' ');
    const loss = steps.map((s) => `${x(s.offered_per_s).toFixed(1)},${yl(lossPct(s)).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"/>`);
    out.push(`<polyline points="${loss}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="2 3"/>`);
    for (const s of steps) out.push(`<circle cx="${x(s.offered_per_s).toFixed(1)}" cy="${y(s.written_per_s).toFixed(1)}" r="3" fill="${color}"/>`);
    const label = `parse ${run.parse_workers}, writer ${run.writer_workers}: max sustained ${kfmt(run.max_sustained_per_s)}/s`;
    out.push(`<line x1="${M.left + 12}" y1="${M.top + 16 + i * 16}" x2="${M.left + 36}" y2="${M.top + 16 + i * 16}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${M.left + 42}" y="${M.top + 20 + i * 16}">${esc(label)} (dotted: loss)</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
