// Helpers every page uses: DOM building (text nodes only, never innerHTML with data), the /api
// fetch wrapper that turns {"error"} replies into messages, cursor paging, and text direction.

const RTL = new Set(["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "arz", "azb"]);

/** An element: attrs are properties/attributes (`class`, `text`, `on:click`, `data-x`…), children nodes or strings. */
export function el(tag, attrs = {}, ...children) {
  const node = tag === "svg" || SVG_TAGS.has(tag)
    ? document.createElementNS("http://www.w3.org/2000/svg", tag)
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on:")) node.addEventListener(k.slice(3), v);
    else node.setAttribute(k === "className" ? "class" : k, v === true ? "" : String(v));
  }
  append(node, children);
  return node;
}

const SVG_TAGS = new Set(["rect", "g", "line", "text", "title", "path", "circle"]);

function append(node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Empty a node and fill it again. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export class ApiError extends Error {
  constructor(status, message, hint) {
    super(message);
    this.status = status;
    this.hint = hint;
  }
}

/** Query string from an object; arrays repeat the key, empty values are left out. */
export function query(params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x !== null && x !== undefined && x !== "") q.append(k, x);
    }
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** GET (or other method) /api…: the parsed JSON, or an ApiError carrying the server's message. */
export async function api(path, params = {}, init = {}) {
  let reply;
  try {
    reply = await fetch(`/api${path}${query(params)}`, { headers: { Accept: "application/json" }, ...init });
  } catch (e) {
    throw new ApiError(0, "the server cannot be reached (is `newsgraph serve` still running?)");
  }
  const body = await reply.json().catch(() => null);
  if (!reply.ok) {
    const message = body && body.error ? body.error : `the server answered ${reply.status}`;
    throw new ApiError(reply.status, message, body && body.hint);
  }
  return body;
}

/** A write (correction): JSON body, the page's write token in X-Newsgraph-Token. */
export function send(method, path, body) {
  const headers = { "Content-Type": "application/json", "X-Newsgraph-Token": token(), Accept: "application/json" };
  return api(path, {}, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export function token() {
  const meta = document.querySelector('meta[name="newsgraph-token"]');
  return meta ? meta.content : "";
}

/** Put a message (class info/error/empty) into a status region; an empty text clears it. */
export function say(node, text, kind = "info", ...extra) {
  if (!text) return fill(node);
  return fill(node, el("p", { class: `msg ${kind}` }, text, ...extra));
}

export function sayError(node, err) {
  const hint = err && err.hint ? el("span", { class: "hint", text: ` (${err.hint})` }) : null;
  return say(node, err && err.message ? err.message : String(err), "error", hint);
}

/** "1 document", "2 documents". */
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function isRtl(lang) {
  return RTL.has(String(lang || "").toLowerCase().split("-")[0]);
}

/** lang + dir attributes for text in `lang`: rtl for Arabic, Hebrew, Persian, Urdu…; else auto. */
export function dirAttrs(lang) {
  const attrs = { dir: isRtl(lang) ? "rtl" : "auto" };
  if (lang && lang !== "?" && lang !== "und") attrs.lang = lang;
  return attrs;
}

export function langBadge(lang) {
  return el("span", { class: "badge lang", title: `language: ${lang || "unknown"}`, text: lang || "?" });
}

/** The server counts offsets in code points; JS strings in UTF-16 units. */
export function codePoints(text) {
  return Array.from(text || "");
}

/** `text` with [start, end] code-point ranges wrapped in <mark> (built with createElement). */
export function highlighted(text, ranges) {
  const cps = codePoints(text);
  const out = document.createDocumentFragment();
  let pos = 0;
  for (const [s, e] of [...(ranges || [])].sort((a, b) => a[0] - b[0])) {
    if (s < pos || e <= s) continue;
    out.append(cps.slice(pos, s).join(""));
    out.append(el("mark", { text: cps.slice(s, e).join("") }));
    pos = e;
  }
  out.append(cps.slice(pos).join(""));
  return out;
}

/** "2024-12-26 (day, from the header)" from a `published` object or a plain date. */
export function dateText(published, withSource = false) {
  if (!published) return "no date";
  if (typeof published === "string") return published;
  const bits = [published.date || "no date"];
  if (withSource && published.precision) bits.push(`precision: ${published.precision}`);
  if (withSource && published.source) bits.push(`from: ${published.source}`);
  return withSource && bits.length > 1 ? `${bits[0]} (${bits.slice(1).join("; ")})` : bits[0];
}

export const path = {
  document: (id, range) => `/documents/${encodeURIComponent(id)}${range ? `#c${range[0]}-${range[1]}` : ""}`,
  entity: (id) => `/entities/${encodeURIComponent(id)}`,
  story: (id) => `/stories/${encodeURIComponent(id)}`,
};

/** A document summary as a list item: linked title, language badge, date, source. */
export function docItem(d) {
  return el("li", { class: "docitem" },
    el("a", { href: path.document(d.id), ...dirAttrs(d.lang), text: d.title || d.id }), " ",
    langBadge(d.lang), " ",
    el("span", { class: "date", text: dateText(d.published) }), " ",
    d.source ? sourceText(d.source) : null);
}

/** A source path or URL cut to its last two parts (the whole in a tooltip). */
export function sourceText(source) {
  const parts = String(source).split(/[\\/]/).filter(Boolean);
  const short = parts.length > 2 ? `…/${parts.slice(-2).join("/")}` : String(source);
  return el("span", { class: "source", title: source, text: short });
}

/**
 * Cursor paging into `list`: `fetchPage(cursor)` → {items, next_cursor, total}; `render(item)` → node.
 * A "More" button in `moreBox` loads the next page; `empty` is shown when the first page is empty.
 * Returns a promise of the first page's reply.
 */
export function pager({ list, moreBox, status, fetchPage, render, empty, label = "More", alive = () => true }) {
  let busy = false;
  const button = el("button", { type: "button", class: "more-button", text: label });
  async function load(cursor) {
    if (busy) return null;
    busy = true;
    const hadFocus = document.activeElement === button; // before disabling it drops the focus
    button.disabled = true;
    try {
      const page = await fetchPage(cursor);
      if (!alive()) return null; // a newer request replaced this list meanwhile
      const items = page.items || page.hits || [];
      const added = items.map(render);
      list.append(...added);
      if (!cursor && !items.length && status) say(status, empty, "empty");
      fill(moreBox, page.next_cursor ? button : null);
      button.onclick = () => load(page.next_cursor);
      button.disabled = false;
      if (hadFocus) keepFocus(added[0] || button);
      return page;
    } catch (err) {
      if (status && alive()) sayError(status, err);
      fill(moreBox);
      return null;
    } finally {
      busy = false;
      button.disabled = false;
    }
  }
  fill(list);
  fill(moreBox);
  return load(null);
}

/** Where a keyboard user goes on after "More": the first new item's link (or the button). */
function keepFocus(node) {
  const target = node && (node.matches("a, button") ? node : node.querySelector("a, button"));
  if (target) target.focus();
}

/** "/" anywhere but in a text field focuses the search box. */
function slashFocuses(event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const t = event.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  const box = document.getElementById("q");
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
}

document.addEventListener("keydown", slashFocuses);
