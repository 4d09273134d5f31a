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
