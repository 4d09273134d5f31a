// The month histogram of the search page: an SVG bar per month (gaps filled), brushable with the
// mouse; the brushed range is handed back as two YYYY-MM months.

import { el, fill } from "./core.js";

const HEIGHT = 110;
const AXIS = 16;

/** Every month from the first to the last key of `counts`, with its count (0 for gaps). */
export function monthRange(counts) {
  const keys = Object.keys(counts || {}).filter((k) => /^\d{4}-\d{2}$/.test(k)).sort();
  if (!keys.length) return [];
  const out = [];
  let [y, m] = keys[0].split("-").map(Number);
  const last = keys[keys.length - 1];
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push({ month: key, n: counts[key] || 0 });
    if (key >= last) break;
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/**
 * Draw `counts` ({YYYY-MM: n}) into `box`; months within [since, until] are marked.
 * A mouse drag (or a click on one bar) calls onBrush(firstMonth, lastMonth).
 */
export function drawHistogram(box, counts, { since, until, onBrush }) {
  const months = monthRange(counts);
  if (!months.length) {
    fill(box, el("p", { class: "muted", text: "No dated documents to chart." }));
    return;
  }
  const width = Math.max(box.clientWidth || 280, 120);
  const step = width / months.length;
  const top = Math.max(...months.map((x) => x.n), 1);
  const svg = el("svg", {
    viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: "img", "data-months": months.length,
    "aria-label": `Documents per month, ${months[0].month} to ${months[months.length - 1].month}; drag to filter by date`,
  });
  months.forEach((x, i) => svg.append(bar(x, i, step, top, inRange(x.month, since, until))));
  svg.append(label(months[0].month, 0, "start"), label(months[months.length - 1].month, width, "end"));
  const brush = el("rect", { class: "brush", x: 0, y: 0, width: 0, height: HEIGHT - AXIS, visibility: "hidden" });
  svg.append(brush);
  brushable(svg, brush, (a, b) => {
    const i = Math.max(0, Math.min(months.length - 1, Math.floor(Math.min(a, b) / step)));
    const j = Math.max(0, Math.min(months.length - 1, Math.floor(Math.max(a, b) / step)));
    onBrush(months[i].month, months[j].month);
  });
  fill(box, svg);
}

function bar(x, i, step, top, selected) {
  const h = x.n ? Math.max(2, ((HEIGHT - AXIS - 4) * x.n) / top) : 0;
  const rect = el("rect", {
    class: selected ? "bar in" : "bar", x: i * step + 0.5, y: HEIGHT - AXIS - h,
    width: Math.max(step - 1, 1), height: h, "data-month": x.month, "data-count": x.n,
  });
  rect.append(el("title", { text: `${x.month}: ${x.n} document${x.n === 1 ? "" : "s"}` }));
  return rect;
}

function label(text, x, anchor) {
  return el("text", { x, y: HEIGHT - 3, "text-anchor": anchor, text });
}

function inRange(month, since, until) {
  if (!since && !until) return false;
  return (!since || month >= since.slice(0, 7)) && (!until || month <= until.slice(0, 7));
}

/** Pointer drag on `svg` shows `brush` and, on release, calls done(x0, x1) in SVG units. */
function brushable(svg, brush, done) {
  let start = null;
  const xOf = (event) => {
    const box = svg.getBoundingClientRect();
    const scale = svg.viewBox.baseVal.width / box.width;
    return Math.max(0, Math.min(svg.viewBox.baseVal.width - 0.01, (event.clientX - box.left) * scale));
  };
  const show = (a, b) => {
    brush.setAttribute("x", Math.min(a, b));
    brush.setAttribute("width", Math.abs(b - a));
    brush.setAttribute("visibility", "visible");
  };
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    start = xOf(event);
    svg.setPointerCapture(event.pointerId);
    show(start, start);
    event.preventDefault();
  });
  svg.addEventListener("pointermove", (event) => {
    if (start !== null) show(start, xOf(event));
  });
  svg.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const end = xOf(event);
    const from = start;
    start = null;
    done(from, end);
  });
  svg.addEventListener("pointercancel", () => {
    start = null;
    brush.setAttribute("visibility", "hidden");
  });
}
