// The co-mention network of the entity page, drawn by the vendored cytoscape.js; clicking (or
// tapping) a node opens that entity. A plain list of links beside it serves the keyboard.

import { el, path } from "./core.js";

const SRC = "/static/vendor/cytoscape/cytoscape.min.js";
const COLOURS = { PER: "#c2334a", ORG: "#2859b5", LOC: "#2b7a3d", MISC: "#7240b3", DOCREF: "#a86200", TITLE: "#16707c" };
let loading = null;

/** Load cytoscape once, as a classic script from our own origin (the CSP allows nothing else). */
function cytoscapeLib() {
  if (window.cytoscape) return Promise.resolve(window.cytoscape);
  if (!loading) {
    // cytoscape adds a <style> to <head> unless an element with this id exists; the CSP would
    // block that inline style, so the same rule comes from our stylesheet instead.
    if (!document.getElementById("__________cytoscape_stylesheet")) {
      document.head.append(el("link", { id: "__________cytoscape_stylesheet", rel: "stylesheet", href: "/static/css/cytoscape.css" }));
    }
    loading = new Promise((resolve, reject) => {
      const s = el("script", { src: SRC });
      s.addEventListener("load", () => resolve(window.cytoscape));
      s.addEventListener("error", () => reject(new Error("the network drawing library did not load")));
      document.head.append(s);
    });
  }
  return loading;
}

/** Draw `net` ({nodes, edges}) around `center` into `box`. Resolves to the cytoscape instance. */
export async function drawNetwork(box, net, center) {
  const cytoscape = await cytoscapeLib();
  const top = Math.max(...net.nodes.map((n) => n.documents || 1), 1);
  const elements = [
    ...net.nodes.map((n) => ({ data: { id: n.id, label: n.name || n.id, colour: COLOURS[n.type] || "#666",
      size: 14 + 30 * Math.sqrt((n.documents || 1) / top), centre: n.id === center ? 1 : 0 } })),
    ...net.edges.map((e) => ({ data: { id: `${e.source}→${e.target}`, source: e.source, target: e.target,
      width: Math.min(1 + Math.log2(e.weight || 1), 8) } })),
  ];
  if (box.cy) box.cy.destroy(); // drawn again after a correction
  box.replaceChildren();
  const cy = cytoscape({
    container: box, elements,
    // rings: the entity in the middle, the most co-mentioned closest to it
    layout: { name: "concentric", concentric: (n) => (n.data("centre") ? 1000 : n.data("size")), levelWidth: () => 12,
      minNodeSpacing: 16, animate: false },
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", width: "data(size)",
        height: "data(size)", "font-size": 12, color: "#1d2430", "text-valign": "bottom", "text-margin-y": 3,
        "text-background-color": "#ffffff", "text-background-opacity": 0.7, "min-zoomed-font-size": 6 } },
      { selector: "node[centre = 1]", style: { "border-width": 3, "border-color": "#f0a500", "font-weight": "bold" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#b7c2d0", opacity: 0.7 } },
    ],
  });
  cy.on("tap", "node", (event) => {
    const id = event.target.id();
    if (id !== center) location.assign(path.entity(id));
  });
  box.cy = cy; // for the browser tests and the devtools console
  box.dataset.ready = "true";
  return cy;
}
