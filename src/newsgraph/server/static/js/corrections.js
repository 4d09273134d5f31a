// Inline entity corrections: rename, add/remove a name, merge another entity into this one. Each
// is sent with the page's write token, answered with a message and an Undo button (DELETE
// /api/corrections/{cid}: the log keeps both entries), and followed by a reload of the record.

import { api, el, say, sayError, send } from "./core.js";

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;

/**
 * Wire the correction forms. `current()` → the record shown (its id is the entity corrected);
 * `reload()` redraws the page after a change.
 */
export function wireCorrections(current, reload) {
  const status = $("fix-status");

  async function act(request, message) {
    try {
      const reply = await request();
      const cid = reply && reply.correction ? reply.correction.id : null;
      await reload();
      say(status, `${message}${cid !== null ? ` (correction #${cid})` : ""}`, "info",
        cid !== null ? undoButton(cid) : null);
      return true;
    } catch (err) {
      sayError(status, err);
      return false;
    }
  }

  function undoButton(cid) {
    return el("button", { type: "button", class: "undo", text: "Undo", "on:click": async () => {
      try {
        await send("DELETE", `/corrections/${enc(cid)}`);
        await reload();
        say(status, `Correction #${cid} undone.`);
      } catch (err) {
        sayError(status, err);
      }
    } });
  }

  $("rename-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("rename-name").value.trim();
    if (await act(() => send("POST", `/entities/${enc(current().id)}/rename`, { name }), `Renamed to “${name}”.`)) {
      $("rename-name").value = "";
    }
  });

  $("alias-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("alias-name").value.trim();
    const lang = $("alias-lang").value.trim();
    const body = lang ? { name, lang } : { name };
    if (await act(() => send("POST", `/entities/${enc(current().id)}/aliases`, body), `Added the name “${name}”.`)) {
      $("alias-name").value = "";
    }
  });

  $("merge-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const other = mergeTarget($("merge-other").value.trim());
    if (other === current().id) {
      say(status, "An entity cannot be merged into itself.", "error");
      return;
    }
    if (await act(() => send("POST", `/entities/${enc(current().id)}/merge`, { other }), `Merged “${other}” into this entity.`)) {
      $("merge-other").value = "";
      $("merge-suggestions").replaceChildren();
    }
  });

  suggestAsYouType(current);

  return {
    /** Remove a name (the button next to each name calls it). */
    removeName: (name) => act(() => send("DELETE", `/entities/${enc(current().id)}/aliases/${enc(name)}`),
      `Removed the name “${name}”.`),
    /** The log entries that name this entity, newest first, each in force with an Undo button. */
    showLog: () => showLog(current(), undoButton),
  };
}

const LOG_PAGE = 50; // this entity's newest corrections shown; the rest are in /api/corrections?about=ID

async function showLog(rec, undoButton) {
  const ids = [rec.id, rec.redirected_from && rec.redirected_from.id].filter(Boolean);
  const list = $("fix-log");
  let page;
  try {
    page = await api("/corrections", { kind: "entity", about: ids, limit: LOG_PAGE });
  } catch (err) {
    list.replaceChildren(el("li", { class: "muted", text: `The correction log is not available: ${err.message}` }));
    return;
  }
  const mine = page.items || [];
  list.replaceChildren(...mine.map((c) => el("li", { "data-correction": c.id, class: c.in_force ? "in-force" : "undone" },
    el("strong", { text: `#${c.id} ${c.op}` }), " ",
    el("span", { text: argsText(c.args) }), " ",
    el("span", { class: "muted", text: `by ${c.author || "?"} at ${c.at || "?"}${c.in_force ? "" : " · not in force"}` }), " ",
    c.in_force && c.op !== "undo" ? undoButton(c.id) : null)));
  if (!mine.length) list.append(el("li", { class: "muted", text: "No corrections yet." }));
  if (page.total > mine.length) {
    list.append(el("li", { class: "muted" }, `${page.total - mine.length} older corrections: `,
      el("a", { href: `/api/corrections?kind=entity&${ids.map((id) => `about=${encodeURIComponent(id)}`).join("&")}`,
        text: "the log" })));
  }
}

function argsText(args) {
  return Object.entries(args || {}).filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : v}`).join(" · ");
}

let suggested = new Map(); // shown name → id, so a typed name that matches a suggestion merges that id

function mergeTarget(typed) {
  return suggested.get(typed) || typed;
}

function suggestAsYouType(current) {
  const box = $("merge-other");
  let timer = null;
  let asked = 0;
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = box.value.trim();
      const ticket = ++asked;
      if (q.length < 2) {
        $("merge-suggestions").replaceChildren();
        return;
      }
      try {
        const page = await api("/entities", { q, limit: 8 });
        if (ticket === asked) showSuggestions(page.items || [], current().id);
      } catch (err) {
        if (ticket === asked) sayError($("fix-status"), err);
      }
    }, 200);
  });
}

function showSuggestions(items, self) {
  suggested = new Map();
  const list = $("merge-suggestions");
  list.replaceChildren();
  for (const e of items.filter((x) => x.id !== self)) {
    suggested.set(e.name, e.id);
    list.append(el("li", {}, el("button", {
      type: "button", class: "suggestion", "data-id": e.id,
      text: `${e.name} · ${e.type || "?"} · ${e.id} · ${e.documents} doc${e.documents === 1 ? "" : "s"}`,
      "on:click": () => {
        $("merge-other").value = e.id;
        $("merge-form").querySelector("button[type=submit]").focus();
      },
    })));
  }
  if (!list.children.length) list.append(el("li", { class: "muted", text: "no other entity has that name" }));
}
