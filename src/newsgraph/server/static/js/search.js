// The search page: the query and filters live in the URL (back/forward and reload keep them);
// one request per change, results paged with the cursor, facets as filters, a brushable histogram.

import { api, dateText, dirAttrs, el, fill, highlighted, langBadge, pager, path, say, sourceText } from "./core.js";
import { drawHistogram } from "./histogram.js";

const FILTERS = ["since", "until", "story", "entity", "source"];
const LISTS = ["lang", "entity_type"]; // filters that take several values (any of them)
const $ = (id) => document.getElementById(id);
let generation = 0;

/** The search as the URL states it. */
function readState() {
  const p = new URLSearchParams(location.search);
  const state = { q: p.get("q") || "", mode: p.get("mode") || "" };
  for (const k of LISTS) {
    const values = p.getAll(k).flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean);
    state[k] = [...new Set(k === "entity_type" ? values.map((x) => x.toUpperCase()) : values)];
  }
  for (const k of FILTERS) state[k] = p.get(k) || "";
  return state;
}

function urlOf(state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.mode) p.set("mode", state.mode);
  for (const k of LISTS) for (const v of state[k]) p.append(k, v);
  for (const k of FILTERS) if (state[k]) p.set(k, state[k]);
  return `/search?${p.toString()}`;
}

/** Change the search: a new history entry, then run it. */
function go(change) {
  const state = { ...readState(), ...change };
  history.pushState(null, "", urlOf(state));
  show(state);
}

/** Put `state` into the form controls and run it. */
function show(state) {
  $("q").value = state.q;
  for (const r of document.querySelectorAll('input[name="mode"]')) r.checked = r.value === state.mode;
  $("since").value = /^\d{4}-\d{2}$/.test(state.since.slice(0, 7)) ? state.since.slice(0, 7) : "";
  $("until").value = /^\d{4}-\d{2}$/.test(state.until.slice(0, 7)) ? state.until.slice(0, 7) : "";
  drawChips(state);
  if (!state.q.trim()) {
    document.title = "Search — newsgraph";
    fill($("hits"));
    fill($("more"));
    say($("status"), "Type words in any language and press Enter. Press / to jump to the search box.", "info");
    return;
  }
  document.title = `${state.q} — search — newsgraph`;
  run(state);
}

async function run(state) {
  const gen = ++generation;
  const params = { q: state.q, mode: state.mode, lang: state.lang, entity_type: state.entity_type, limit: 20 };
  for (const k of FILTERS) params[k] = state[k];
  say($("status"), "Searching…");
  $("hits").setAttribute("aria-busy", "true");
  const first = await pager({
    list: $("hits"), moreBox: $("more"), status: $("status"), label: "More results",
    alive: () => gen === generation,
    fetchPage: (cursor) => api("/search", { ...params, cursor }),
    render: hitItem,
    empty: emptyText(state),
  });
  if (gen !== generation) return;
  $("hits").removeAttribute("aria-busy");
  if (!first) return;
  if (first.total || first.hits.length) say($("status"), countText(first, state));
  else offerClear($("status"), state);
  drawFacets(first.facets || {}, state);
}

function countText(reply, state) {
  const n = reply.total ?? reply.hits.length;
  const how = state.mode ? reply.mode : `${reply.mode}, chosen by the server`;
  const verb = reply.mode === "keyword" ? (n === 1 ? "matches" : "match") : "ranked for";
  return `${n} document${n === 1 ? "" : "s"} ${verb} “${state.q}” (${how})`;
}

const filtered = (state) => LISTS.some((k) => state[k].length) || FILTERS.some((k) => state[k]);

function emptyText(state) {
  return `No documents match “${state.q}”${filtered(state) ? " with these filters" : ""}.`;
}

function offerClear(status, state) {
  if (!filtered(state)) return;
  const clear = { lang: [], entity_type: [] };
  for (const k of FILTERS) clear[k] = "";
  status.firstChild?.append(el("button", { type: "button", class: "secondary", text: "Clear filters",
    "on:click": () => go(clear) }));
}

function hitItem(hit) {
  const attrs = dirAttrs(hit.lang);
  return el("li", { class: "hit", "data-id": hit.id, "data-lang": hit.lang || "" },
    el("h3", attrs, el("a", { href: path.document(hit.id), text: hit.title || hit.id })),
    el("div", { class: "meta-line" },
      langBadge(hit.lang),
      el("span", { class: "date", text: dateText(hit.published) }),
      hit.source ? sourceText(hit.source) : null,
      el("span", { class: "muted", title: JSON.stringify(hit.explain || {}), text: `score ${hit.score}` })),
    el("p", { class: "snippet", ...attrs }, highlighted(hit.snippet, hit.highlights)));
}

// -- facets and active filters ------------------------------------------------------------
function drawFacets(facets, state) {
  const langs = { ...(facets.lang || {}) };
  for (const l of state.lang) langs[l] ??= 0;
  fill($("facet-lang"), Object.entries(langs).sort((a, b) => b[1] - a[1]).map(([code, n]) =>
    facetButton(code, n, state.lang.includes(code), () => go({
      lang: state.lang.includes(code) ? state.lang.filter((x) => x !== code) : [...state.lang, code],
    }))));
  fill($("facet-story"), (facets.story || []).map((s) =>
    facetButton(s.title || s.id, s.count, state.story === s.id, () => go({ story: state.story === s.id ? "" : s.id }))));
  if (!(facets.story || []).length) fill($("facet-story"), el("li", { class: "muted", text: "none" }));
  const types = { ...(facets.entity_type || {}) };
  for (const t of state.entity_type) types[t] ??= 0;
  fill($("facet-type"), Object.entries(types).map(([t, n]) =>
    facetButton(el("span", { class: `badge type-${t}`, text: t }), n, state.entity_type.includes(t), () => go({
      entity_type: state.entity_type.includes(t) ? state.entity_type.filter((x) => x !== t) : [...state.entity_type, t],
    }))));
  drawHistogram($("histogram"), facets.month || {}, {
    since: state.since, until: state.until,
    onBrush: (from, to) => go({ since: from, until: to }),
  });
}

/** A facet value as a toggle button; `label` is text or an element. */
function facetButton(label, n, pressed, onClick) {
  return el("li", {}, el("button", { type: "button", "aria-pressed": pressed ? "true" : "false", "on:click": onClick },
    typeof label === "string" ? el("span", { text: label }) : label, el("span", { class: "n", text: n })));
}

function drawChips(state) {
  const chips = [];
  for (const l of state.lang) chips.push([`language: ${l}`, { lang: state.lang.filter((x) => x !== l) }]);
  for (const t of state.entity_type) {
    chips.push([`mentions a ${t}`, { entity_type: state.entity_type.filter((x) => x !== t) }]);
  }
  if (state.since || state.until) chips.push([`dates: ${state.since || "…"} to ${state.until || "…"}`, { since: "", until: "" }]);
  for (const k of ["story", "entity", "source"]) if (state[k]) chips.push([`${k}: ${state[k]}`, { [k]: "" }]);
  $("active-filters").hidden = !chips.length;
  fill($("chips"), chips.map(([label, change]) => el("li", {}, el("span", { text: label }),
    el("button", { type: "button", "aria-label": `remove filter ${label}`, text: "×", "on:click": () => go(change) }))));
}

// -- wiring -------------------------------------------------------------------------------
function init() {
  $("searchform").addEventListener("submit", (event) => {
    event.preventDefault();
    const mode = document.querySelector('input[name="mode"]:checked');
    go({ q: $("q").value.trim(), mode: mode ? mode.value : "" });
  });
  for (const r of document.querySelectorAll('input[name="mode"]')) {
    r.addEventListener("change", () => { if ($("q").value.trim()) go({ q: $("q").value.trim(), mode: r.value }); });
  }
  $("dateform").addEventListener("submit", (event) => {
    event.preventDefault();
    go({ since: $("since").value, until: $("until").value });
  });
  $("clear-dates").addEventListener("click", () => go({ since: "", until: "" }));
  window.addEventListener("popstate", () => show(readState()));
  show(readState());
  if (!readState().q) $("q").focus();
}

init();
