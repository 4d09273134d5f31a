// The stories list: latest first, paged with the cursor, filtered by language and minimum size
// (kept in the URL).

import { api, el, langBadge, pager, path } from "./core.js";

const $ = (id) => document.getElementById(id);
let generation = 0;

function readState() {
  const p = new URLSearchParams(location.search);
  return { lang: p.get("lang") || "", min_size: p.get("min_size") || "2" };
}

function storyItem(s) {
  return el("li", { class: "storyitem" },
    el("a", { href: path.story(s.id), text: s.title || s.id }), " ",
    el("span", { class: "muted", text: `${s.size} document${s.size === 1 ? "" : "s"} · ${s.first_seen || "?"} – ${s.last_seen || "?"} ` }),
    el("span", { class: "langs" }, Object.keys(s.languages || {}).map(langBadge)));
}

function show(state) {
  $("st-lang").value = state.lang;
  $("st-min").value = state.min_size;
  const gen = ++generation;
  pager({
    list: $("stories"), moreBox: $("more"), status: $("status"), label: "More stories",
    alive: () => gen === generation,
    fetchPage: (cursor) => api("/stories", { lang: state.lang, min_size: state.min_size, cursor, limit: 20 }),
    render: storyItem,
    empty: "No stories match these filters.",
  }).then((page) => {
    if (page && page.total !== null && page.total !== undefined && page.items.length) {
      $("status").replaceChildren(el("p", { class: "msg info", text: `${page.total} stories` }));
    }
  });
}

$("stories-filter").addEventListener("submit", (event) => {
  event.preventDefault();
  const state = { lang: $("st-lang").value.trim(), min_size: $("st-min").value || "1" };
  history.pushState(null, "", `/stories?${new URLSearchParams(state)}`);
  show(state);
});
window.addEventListener("popstate", () => show(readState()));
show(readState());
