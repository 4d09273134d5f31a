// A small SVG bar chart (entity mentions per month, story documents per day), drawn with
// createElementNS only. Gaps between the first and last key are filled with zero bars.

import { el, fill } from "./core.js";
import { monthRange } from "./histogram.js";

const HEIGHT = 150;
const AXIS = 16;
const MAX_DAY_GAP = 400; // longer day ranges are drawn without their empty days
const MAX_BAR = 48; // a chart of few bars keeps them bar-shaped

/** Every day from the first to the last key of `counts` ({YYYY-MM-DD: n}), zero for gaps. */
export function dayRange(counts) {
  const keys = Object.keys(counts).filter((k) => /^\d{4}-\d{2}-\d{2}$/.test(k)).sort();
  if (!keys.length) return [];
  const first = Date.parse(`${keys[0]}T00:00:00Z`);
  const last = Date.parse(`${keys[keys.length - 1]}T00:00:00Z`);
  if ((last - first) / 86400000 > MAX_DAY_GAP) return keys.map((k) => ({ key: k, n: counts[k] }));
  const out = [];
  for (let t = first; t <= last; t += 86400000) {
    const key = new Date(t).toISOString().slice(0, 10);
    out.push({ key, n: counts[key] || 0 });
  }
  return out;
}

/** Bars of `points` ([{key, n}]) into `box`; `unit` names what is counted ("mentions"). */
export function barChart(box, points, unit) {
  if (!points.length) {
    fill(box, el("p", { class: "muted", text: `No dated ${unit}.` }));
    return;
  }
  const width = Math.max(box.clientWidth || 400, 160);
  const step = width / points.length;
  const top = Math.max(...points.map((p) => p.n), 1);
  const svg = el("svg", { viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: "img",
    "aria-label": `${unit} from ${points[0].key} to ${points[points.length - 1].key}, at most ${top} in one bar` });
  points.forEach((p, i) => {
    const h = p.n ? Math.max(2, ((HEIGHT - AXIS - 14) * p.n) / top) : 0;
    const w = Math.min(Math.max(step - 1, 1), MAX_BAR);
    const rect = el("rect", { class: "bar", x: i * step + (step - w) / 2, y: HEIGHT - AXIS - h, width: w, height: h,
      "data-key": p.key, "data-count": p.n });
    rect.append(el("title", { text: `${p.key}: ${p.n} ${unit}` }));
    svg.append(rect);
  });
  svg.append(...ticks(points, step, width), el("text", { x: 0, y: 10, text: `max ${top}` }));
  fill(box, svg);
}

/** Axis labels under every n-th bar, n chosen so that they do not overlap. */
function ticks(points, step, width) {
  const chars = points[0].key.length;
  const every = Math.max(1, Math.ceil((chars * 6 + 12) / step));
  const out = [];
  for (let i = 0; i < points.length; i += every) {
    const x = Math.min(Math.max(i * step + step / 2, chars * 3), width - chars * 3);
    out.push(el("text", { x, y: HEIGHT - 3, "text-anchor": "middle", text: points[i].key }));
  }
  return out;
}

/** Month points of [{month, n…}] with the gaps filled. */
export function monthPoints(rows, field) {
  const counts = {};
  for (const r of rows) counts[r.month] = r[field];
  return monthRange(counts).map((x) => ({ key: x.month, n: x.n }));
}

const ROW = 30;

/** First (or, `end`, last) moment of a date cut to its precision: 2024 → 2024-01-01 / 2024-12-31. */
export function dateBound(text, end = false) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text || "");
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) - 1 : null, m[3] ? Number(m[3]) : null];
  if (!end) return Date.UTC(y, mo ?? 0, d ?? 1);
  if (d !== null) return Date.UTC(y, mo, d + 1) - 1;
  return mo !== null ? Date.UTC(y, mo + 1, 1) - 1 : Date.UTC(y + 1, 0, 1) - 1;
}

/** Posts as bars on one time axis: rows [{label, start, end (null: still held), kind}]. */
export function spanChart(box, rows) {
  const spans = rows.map((r) => ({ ...r, t0: dateBound(r.start), t1: r.end ? dateBound(r.end, true) : Date.now() }))
    .filter((r) => r.t0 !== null && r.t1 !== null && r.t1 >= r.t0).sort((a, b) => a.t0 - b.t0);
  if (!spans.length) return fill(box);
  const lo = Math.min(...spans.map((r) => r.t0));
  const hi = Math.max(...spans.map((r) => r.t1));
  const width = Math.max(box.clientWidth || 400, 200);
  const x = (t) => 2 + ((width - 4) * (t - lo)) / Math.max(hi - lo, 1);
  const height = spans.length * ROW + AXIS;
  const svg = el("svg", { class: "spans", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": `posts held from ${new Date(lo).getUTCFullYear()} to ${new Date(hi).getUTCFullYear()}` });
  spans.forEach((r, i) => {
    const bar = el("rect", { class: `span-bar ${r.kind}`, x: x(r.t0), y: i * ROW + 14, height: 10, rx: 3,
      width: Math.max(x(r.t1) - x(r.t0), 3) });
    bar.append(el("title", { text: `${r.label}: ${r.start} – ${r.end || "now"}` }));
    svg.append(el("text", { x: Math.min(x(r.t0), width * 0.5), y: i * ROW + 10, text: r.label }), bar);
  });
  const step = yearStep(lo, hi);
  for (let y = Math.ceil((new Date(lo).getUTCFullYear() + 1) / step) * step; y <= new Date(hi).getUTCFullYear(); y += step) {
    svg.append(el("text", { x: x(Date.UTC(y, 0, 1)), y: height - 3, "text-anchor": "middle", text: y }));
  }
  return fill(box, svg);
}

function yearStep(lo, hi) {
  const years = (hi - lo) / (365.25 * 86400000);
  return years > 24 ? 5 : years > 10 ? 2 : 1;
}
