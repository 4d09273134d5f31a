// The document page: the clean text with its mentions as spans built from their offsets (text
// nodes only: markup in an article stays text), linked mentions opening their entity, and an
// optional #cSTART-END range (a story summary's source sentence) highlighted and scrolled to.

import { api, codePoints, dateText, dirAttrs, el, fill, langBadge, path, sayError } from "./core.js";

const TYPES = ["PER", "ORG", "LOC", "MISC", "DOCREF", "TITLE"];
const TYPE_NAMES = { PER: "person", ORG: "organisation", LOC: "place", MISC: "other name", DOCREF: "document reference",
  TITLE: "title / post", ROLE: "title / post" };
const $ = (id) => document.getElementById(id);

/** [start, end] of a `#c12-40` fragment, or null. */
export function citeRange(hash) {
  const m = /^#c(\d+)-(\d+)$/.exec(hash || "");
  return m && Number(m[2]) > Number(m[1]) ? [Number(m[1]), Number(m[2])] : null;
}

/** The text as nodes: plain text, mention spans/links, and the cited range in <mark class="cite">. */
export function annotatedText(text, mentions, entities, cite) {
  const cps = codePoints(text);
  const out = document.createDocumentFragment();
  let pos = 0;
  for (const m of [...mentions].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (m.start < pos || m.end <= m.start || m.end > cps.length) continue; // overlapping or out of range
    pieces(out, cps, pos, m.start, cite);
    const node = mentionNode(m, entities);
    pieces(node, cps, m.start, m.end, cite);
    out.append(node);
    pos = m.end;
  }
  pieces(out, cps, pos, cps.length, cite);
  return out;
}

/** cps[a:b] into `parent`, the part inside `cite` wrapped in a mark. */
function pieces(parent, cps, a, b, cite) {
  if (b <= a) return;
  if (!cite || cite[1] <= a || cite[0] >= b) {
    parent.append(cps.slice(a, b).join(""));
    return;
  }
  const s = Math.max(a, cite[0]);
  const e = Math.min(b, cite[1]);
  if (s > a) parent.append(cps.slice(a, s).join(""));
  parent.append(el("mark", { class: "cite", text: cps.slice(s, e).join("") }));
  if (b > e) parent.append(cps.slice(e, b).join(""));
}

function mentionNode(m, entities) {
  const type = TYPES.includes(m.type) || m.type === "ROLE" ? m.type : "other";
  const cls = `m m-${type}`;
  const ent = m.entity_id ? (entities || {})[m.entity_id] : null;
  if (!m.entity_id) return el("span", { class: cls, title: `${m.type} (not linked to an entity)`, "data-type": m.type });
  const name = ent && ent.name ? ent.name : m.entity_id;
  return el("a", { class: cls, href: path.entity(m.entity_id), title: `${name} — ${m.type}`, "data-type": m.type,
    "data-entity": m.entity_id });
}

function legend(mentions) {
  const counts = {};
  for (const m of mentions) counts[m.type] = (counts[m.type] || 0) + 1;
  return Object.keys(counts).sort().map((t) =>
    el("span", { class: `m m-${TYPES.includes(t) || t === "ROLE" ? t : "other"}` }, `${TYPE_NAMES[t] || t} (${t}) ×${counts[t]}`));
}

function metaRows(doc) {
  const rows = [
    ["Language", [langBadge(doc.lang)]],
    ["Published", [dateText(doc.published, true)]],
    ["Source", [el("span", { class: "source", text: doc.source || "unknown" })]],
    ["Story", [doc.story ? el("a", { href: path.story(doc.story.id), text: doc.story.title || doc.story.id })
      : doc.story_id ? el("a", { href: path.story(doc.story_id), text: doc.story_id }) : "none"]],
    ["Id", [el("code", { text: doc.id })]],
  ];
  return rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", {}, ...v)]);
}

async function init() {
  const box = $("doc");
  const id = box.dataset.id;
  try {
    const doc = await api(`/documents/${encodeURIComponent(id)}`);
    render(doc);
  } catch (err) {
    fill($("doc-title"), err.status === 404 ? "Document not found" : "This document could not be loaded");
    document.title = "Document not found — newsgraph";
    sayError($("status"), err);
  } finally {
    box.removeAttribute("aria-busy");
  }
}

function render(doc) {
  const attrs = dirAttrs(doc.lang);
  fill($("doc-title"), doc.title || doc.id);
  for (const [k, v] of Object.entries(attrs)) $("doc-title").setAttribute(k, v);
  document.title = `${doc.title || doc.id} — newsgraph`;
  fill($("doc-meta"), metaRows(doc));
  const mentions = doc.mentions || [];
  fill($("legend"), mentions.length ? legend(mentions) : el("span", { class: "muted", text: "No mentions found in this text." }));
  const text = $("doc-text");
  for (const [k, v] of Object.entries(attrs)) text.setAttribute(k, v);
  const cite = citeRange(location.hash);
  fill(text, annotatedText(doc.text || "", mentions, doc.entities, cite));
  const mark = text.querySelector("mark.cite");
  if (mark) {
    mark.setAttribute("tabindex", "-1");
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }
}

window.addEventListener("hashchange", () => init());
init();
