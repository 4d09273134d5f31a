// The story page: the summary (each sentence links to its source characters), main entities,
// documents per day, and the articles side by side, one column per language.

import { barChart, dayRange } from "./charts.js";
import { api, dateText, dirAttrs, docItem, el, fill, langBadge, pager, path, sayError } from "./core.js";

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
const asked = $("story").dataset.id;

async function load() {
  let rec;
  try {
    rec = await api(`/stories/${enc(asked)}`);
  } catch (err) {
    fill($("story-title"), err.status === 404 ? "Story not found" : "This story could not be loaded");
    document.title = "Story not found — newsgraph";
    sayError($("status"), err);
    for (const s of document.querySelectorAll("#story section")) s.hidden = true;
    return;
  } finally {
    $("story").removeAttribute("aria-busy");
  }
  render(rec);
}

function render(rec) {
  document.title = `${rec.title || rec.id} — story — newsgraph`;
  fill($("story-title"), rec.title || rec.id);
  const moved = rec.redirected_from;
  $("redirect").hidden = !moved;
  if (moved) fill($("redirect"), `Story “${moved.id || moved}” was merged into this one.`);
  const total = rec.documents_total ?? rec.size ?? (rec.documents || []).length;
  fill($("story-meta"),
    el("dt", { text: "Documents" }), el("dd", { text: String(total) }),
    el("dt", { text: "Seen" }), el("dd", { text: `${rec.first_seen || "?"} – ${rec.last_seen || "?"}` }),
    el("dt", { text: "Languages" }), el("dd", {}, Object.entries(rec.languages || {}).map(([l, n]) =>
      el("span", {}, langBadge(l), ` ${n} `))),
    el("dt", { text: "Id" }), el("dd", {}, el("code", { text: rec.id })));
  fill($("summary"), (rec.summary || []).map((s) => el("li", { ...dirAttrs(s.lang) },
    el("a", { href: path.document(s.document, [s.start, s.end]), title: "open the sentence in its article", text: s.text }), " ",
    langBadge(s.lang))));
  if (!(rec.summary || []).length) fill($("summary"), el("li", { class: "muted", text: "No summary." }));
  fill($("story-entities"), (rec.entities || []).map((e) => el("li", {},
    el("a", { href: path.entity(e.id), text: e.name || e.id }), " ", el("span", { class: `badge type-${e.type}`, text: e.type }),
    el("span", { class: "muted", text: ` ${e.documents}` }))));
  if (!(rec.entities || []).length) fill($("story-entities"), el("li", { class: "muted", text: "none" }));
  const days = {};
  for (const d of rec.timeline || []) days[d.day] = d.documents;
  barChart($("story-timeline"), dayRange(days), "documents");
  fill($("columns"), Object.entries(rec.by_language || {}).map(([lang, docs]) => column(rec, lang, docs)));
}

/** One language's column; when the record holds only the first documents, a button pages the rest. */
function column(rec, lang, docs) {
  const n = (rec.languages || {})[lang] ?? docs.length;
  const list = el("ol", {}, docs.map(memberItem));
  const more = el("div", { class: "more" });
  if (n > docs.length) {
    more.append(el("button", { type: "button", text: `All ${n} (paged)`, "on:click": () => pager({
      list, moreBox: more, fetchPage: (cursor) => api(`/stories/${enc(rec.id)}/documents`, { lang, cursor, limit: 50 }),
      render: docItem, empty: "none", label: "More",
    }) }));
  }
  return el("section", { class: "column", ...dirAttrs(lang), "data-lang": lang, "aria-label": `articles in ${lang}` },
    el("h3", {}, langBadge(lang), ` ${n} article${n === 1 ? "" : "s"}`), list, more);
}

function memberItem(d) {
  const rel = d.relation ? el("span", { class: "muted", text: ` (${d.relation.kind})` }) : null;
  return el("li", {}, el("a", { href: path.document(d.id), text: d.title || d.id }), rel,
    el("div", { class: "date", text: dateText(d.published) }));
}

load();
