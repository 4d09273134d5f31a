// The entity page: names by language and script, posts as a timeline, mentions per month, the
// co-mention network, the documents (paged, by language) and inline corrections.

import { barChart, monthPoints, spanChart } from "./charts.js";
import { wireCorrections } from "./corrections.js";
import { api, docItem, el, fill, langBadge, pager, path, plural, say, sayError } from "./core.js";
import { drawNetwork } from "./network.js";

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
const RTL_SCRIPTS = new Set(["Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm"]);
const asked = $("entity").dataset.id;
let record = null;
let fixes = null;

async function load() {
  let rec;
  try {
    rec = await api(`/entities/${enc(asked)}`);
  } catch (err) {
    showMissing(err);
    return;
  } finally {
    $("entity").removeAttribute("aria-busy");
  }
  record = rec;
  render(rec);
  await Promise.all([loadTimeline(rec.id), loadNetwork(rec.id), loadDocuments(rec), fixes.showLog()]);
}

function showMissing(err) {
  fill($("ent-title"), err.status === 404 ? "Entity not found" : "This entity could not be loaded");
  document.title = "Entity not found — newsgraph";
  sayError($("status"), err);
  if (err.status === 404) {
    $("status").append(el("p", {}, "Look for it by name: ", el("a", { href: "/", text: "search the news" }), "."));
  }
  document.querySelector(".entity-grid").hidden = true;
}

function render(rec) {
  document.title = `${rec.name} — newsgraph`;
  fill($("ent-title"), rec.name, " ", el("span", { class: `badge type-${rec.type}`, text: rec.type }), " ",
    el("code", { class: "muted", text: rec.id }));
  const moved = rec.redirected_from;
  $("redirect").hidden = !moved;
  if (moved) {
    fill($("redirect"), `“${moved.id}” was merged into `, el("a", { href: path.entity(rec.id), text: `${rec.name} (${rec.id})` }),
      moved.correction ? ` by correction #${moved.correction}.` : ".");
  }
  fill($("names"), namesTable(rec.aliases || [], rec.blocked_names || []));
  fill($("posts"), posts(rec.roles || [], rec.roles_from_text || []));
  spanChart($("posts-chart"), [
    ...(rec.roles || []).map((r) => ({ label: r.title || r.post_id, start: r.start, end: r.end, kind: "pack" })),
    ...(rec.roles_from_text || []).map((r) => ({ label: `${r.title || r.post_id} (in the text)`, start: r.first_seen,
      end: r.last_seen || r.first_seen, kind: "text" })),
  ]);
  fill($("network-list"), (rec.co_mentioned || []).map((c) => el("li", {},
    el("a", { href: path.entity(c.id), text: c.name || c.id }), el("span", { class: "muted", text: ` ${c.documents} shared` }))));
  const langs = Object.keys(rec.mentions_by_lang || {}).sort();
  const chosen = $("docs-lang").value; // kept when a correction redraws the page
  fill($("docs-lang"), el("option", { value: "", text: "all languages" }),
    langs.map((l) => el("option", { value: l, selected: l === chosen, text: `${l} (${plural(rec.mentions_by_lang[l], "mention")})` })));
  fill($("docs-h"), `Documents (${rec.documents_total ?? (rec.documents || []).length})`);
}

function namesTable(aliases, blocked) {
  if (!aliases.length) return el("p", { class: "muted", text: "No names recorded." });
  const rows = [...aliases].sort((a, b) => String(a.lang).localeCompare(String(b.lang)) || (b.seen || 0) - (a.seen || 0));
  const table = el("table", { class: "names" },
    el("thead", {}, el("tr", {}, ["Language", "Script", "Name", "Seen", ""].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, rows.map((a) => el("tr", {},
      el("td", {}, langBadge(a.lang)),
      el("td", { class: "muted", text: a.script || "" }),
      el("td", { class: "name", dir: RTL_SCRIPTS.has(a.script) ? "rtl" : "auto", lang: a.lang && a.lang !== "?" ? a.lang : null,
        text: a.name }),
      el("td", { class: "muted", text: a.seen ?? "" }),
      el("td", {}, el("button", { type: "button", class: "secondary small", "aria-label": `remove the name ${a.name}`,
        title: "not a name of this entity: remove it", text: "Remove", "on:click": () => fixes.removeName(a.name) }))))));
  if (!blocked.length) return table;
  return [table, el("p", { class: "muted", text: `Removed names: ${blocked.join(", ")}` })];
}

function posts(roles, fromText) {
  if (!roles.length && !fromText.length) return el("p", { class: "muted", text: "No posts known for this entity." });
  const byStart = (a, b) => String(a.start || a.first_seen || "").localeCompare(String(b.start || b.first_seen || ""));
  return [
    roles.length ? el("h3", { text: "From the domain packs" }) : null,
    roles.length ? el("ol", { class: "timeline" }, [...roles].sort(byStart).map((r) => el("li", {},
      el("span", { class: "span", text: `${r.start || "?"} – ${r.end || "now"}` }), " ", el("strong", { text: r.title || r.post_id }),
      r.org ? el("span", { class: "muted", text: ` · ${r.org}` }) : null,
      el("div", { class: "muted", text: `source: ${r.source || "?"}${r.confidence ? ` · confidence: ${r.confidence}` : ""}` })))) : null,
    fromText.length ? el("h3", { text: "Read from the text" }) : null,
    fromText.length ? el("ol", { class: "timeline" }, [...fromText].sort(byStart).map(textRole)) : null,
  ];
}

function textRole(r) {
  const ev = r.evidence || [];
  const total = r.evidence_total ?? ev.length;
  return el("li", { class: "from-text" },
    el("span", { class: "span", text: `${r.first_seen || "?"} – ${r.last_seen || "?"}` }), " ", el("strong", { text: r.title || r.post_id }),
    el("div", { class: "evidence" }, "evidence: ",
      ev.map((e, i) => el("a", { href: path.document(e.document, [e.start, e.end]), title: `document ${e.document}`, text: `[${i + 1}]` })),
      total > ev.length ? el("span", { class: "muted", text: `(${ev.length} of ${total} shown)` }) : null));
}

async function loadTimeline(id) {
  try {
    const t = await api(`/entities/${enc(id)}/timeline`);
    barChart($("mentions-chart"), monthPoints(t.months || [], "mentions"), "mentions");
  } catch (err) {
    sayError($("mentions-chart"), err);
  }
}

async function loadNetwork(id) {
  try {
    const net = await api(`/entities/${enc(id)}/network`, { limit: 30 });
    if ((net.nodes || []).length < 2) {
      if ($("network").cy) $("network").cy.destroy();
      delete $("network").cy;
      say($("network"), "No co-mentioned entities.", "empty");
      return;
    }
    await drawNetwork($("network"), net, id);
    const counted = net.documents_counted;
    const partial = counted && counted < net.documents_total;
    fill($("network-note"), partial ? `Counted over the latest ${counted} of ${net.documents_total} documents.` : null);
  } catch (err) {
    sayError($("network"), err);
  }
}

let docsGeneration = 0;

function loadDocuments(rec) {
  const gen = ++docsGeneration;
  const lang = $("docs-lang").value;
  return pager({
    list: $("docs"), moreBox: $("docs-more"), status: $("status"), label: "More documents",
    alive: () => gen === docsGeneration,
    fetchPage: (cursor) => api(`/entities/${enc(rec.id)}/documents`, { lang, cursor, limit: 20 }),
    render: docItem,
    empty: lang ? `No documents in ${lang} mention this entity.` : "No documents mention this entity.",
  });
}

async function reload() {
  const rec = await api(`/entities/${enc(record ? record.id : asked)}`);
  record = rec;
  render(rec);
  await Promise.all([loadTimeline(rec.id), loadNetwork(rec.id), loadDocuments(rec), fixes.showLog()]);
}

$("docs-lang").addEventListener("change", () => record && loadDocuments(record));
$("docs-filter").addEventListener("submit", (event) => event.preventDefault());
fixes = wireCorrections(() => record, reload);
load();
