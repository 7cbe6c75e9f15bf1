"""The diagram component's constant HTML, CSS and JavaScript (trusted code, no model text).

The JavaScript receives ``data`` from :func:`argmap.ui.diagram.show`: ``key`` (the layout's key),
``svg`` (Graphviz's SVG, whose text Graphviz escaped; null when this session sent that layout
before), ``nodes`` (per claim: ``fill``, ``lines``, ``marks``, ``bar``, ``swatch``) and ``focus``
(a claim to centre the view on). It keeps the last 16 layouts it received
(for the page's lifetime, across re-mounts), and asks for one it lacks with the trigger value
``need`` (a few times at most). It parses
the SVG with ``DOMParser`` as XML and inserts it only when ``key`` changes; on every run it
recolours each ``g.node`` and sets its text lines with ``textContent``, so model text never
reaches the page as HTML. A click (or Enter) on a node sends its claim id back as the trigger
value ``clicked``. Pan by dragging or scrolling, zoom with the buttons or Ctrl/pinch + wheel.
"""

from __future__ import annotations

HTML = """<div class="argmap-diagram" data-layout="">
  <div class="bar" role="toolbar" aria-label="Diagram zoom">
    <button type="button" data-zoom="out" title="Zoom out" aria-label="Zoom out">&#8722;</button>
    <button type="button" data-zoom="in" title="Zoom in" aria-label="Zoom in">+</button>
    <button type="button" data-zoom="fit" title="Fit the width">Fit</button>
    <button type="button" data-zoom="read" title="Readable text size">100%</button>
    <span class="zoom" aria-live="polite"></span>
    <span class="scale" aria-hidden="true"><i style="background:#998ec3"></i>0%
      <i style="background:#f7f7f7"></i>50% <i style="background:#f1a340"></i>100%</span>
  </div>
  <div class="viewport" tabindex="-1"><div class="stage"></div></div>
</div>"""

CSS = """
.argmap-diagram { font-family: sans-serif; font-size: 0.85rem; }
.argmap-diagram .bar { display: flex; gap: 0.3rem; align-items: center; flex-wrap: wrap;
  margin-bottom: 0.3rem; }
.argmap-diagram button { min-width: 2.2rem; height: 2rem; border: 1px solid #bbb;
  border-radius: 0.4rem; background: #fff; cursor: pointer; font-size: 0.95rem; }
.argmap-diagram button:hover { border-color: #555; }
.argmap-diagram .zoom { color: #555; min-width: 3rem; }
.argmap-diagram .scale { margin-left: auto; color: #444; }
.argmap-diagram .scale i { display: inline-block; width: 0.9rem; height: 0.9rem;
  border: 1px solid #888; vertical-align: middle; margin: 0 0.2rem 0 0.5rem; }
.argmap-diagram .viewport { overflow: auto; max-height: 78vh; border: 1px solid #e3e3e3;
  border-radius: 0.5rem; cursor: grab; touch-action: pan-x pan-y; background: #fff; }
.argmap-diagram .viewport.dragging { cursor: grabbing; }
.argmap-diagram svg { display: block; }
.argmap-diagram g.node { cursor: pointer; }
.argmap-diagram g.node:hover path, .argmap-diagram g.node:hover polygon,
.argmap-diagram g.node:focus path, .argmap-diagram g.node:focus polygon
  { filter: drop-shadow(0 0 3px #0072b2); }
.argmap-diagram g.node:focus { outline: none; }
"""

JS = r"""
const PT = 4 / 3;  // Graphviz sizes are in points
const READ = 1.0;  // the zoom at which 10 pt text is about 13 px
const MIN_START = 0.8;  // never open smaller than this (text stays above ~10 px)
const BADGE = { observed: ["OBSERVED", "#0072b2"], given: ["GIVEN", "#0072b2"],
  forced: ["FORCED", "#d55e00"], edited: ["EDITED", "#a6508a"] };
const SVGNS = "http://www.w3.org/2000/svg";
const KEEP_LAYOUTS = 16;
const ASKS = 3;  // times the component asks for a layout it lacks before it gives up
// The layouts this page received, by key: kept across re-mounts (a page switch and back).
const LAYOUTS = globalThis.__argmapLayouts || (globalThis.__argmapLayouts = new Map());

function remember(key, svg) {
  LAYOUTS.delete(key);
  LAYOUTS.set(key, svg);
  while (LAYOUTS.size > KEEP_LAYOUTS) LAYOUTS.delete(LAYOUTS.keys().next().value);
}

function el(name, attrs) {
  const e = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function shapeOf(node) {
  return node.querySelector("path, polygon, ellipse");
}

function zoomTo(s, z, view, cx, cy) {
  const old = s.zoom || 1;
  s.zoom = Math.min(4, Math.max(0.15, z));
  s.svg.style.width = (s.w * s.zoom) + "px";
  s.svg.style.height = (s.h * s.zoom) + "px";
  if (cx !== undefined) {  // keep the point under the cursor in place
    const r = s.zoom / old;
    view.scrollLeft = (view.scrollLeft + cx) * r - cx;
    view.scrollTop = (view.scrollTop + cy) * r - cy;
  }
  s.root.querySelector(".zoom").textContent = Math.round(s.zoom * 100) + "%";
}

function fitZoom(s, view) {
  return Math.max(0.05, (view.clientWidth - 4) / s.w);
}

function wire(s, view) {
  s.root.querySelectorAll("button[data-zoom]").forEach((b) => {
    b.addEventListener("click", () => {
      const how = b.dataset.zoom;
      if (how === "in") zoomTo(s, s.zoom * 1.25, view);
      else if (how === "out") zoomTo(s, s.zoom / 1.25, view);
      else if (how === "fit") zoomTo(s, fitZoom(s, view), view);
      else zoomTo(s, READ, view);
    });
  });
  view.addEventListener("wheel", (e) => {
    if (!e.ctrlKey) return;  // plain wheel scrolls (pans); Ctrl or a pinch zooms
    e.preventDefault();
    const box = view.getBoundingClientRect();
    zoomTo(s, s.zoom * Math.exp(-e.deltaY * 0.002), view,
      e.clientX - box.left, e.clientY - box.top);
  }, { passive: false });
  let drag = null;
  view.addEventListener("pointerdown", (e) => {
    if (e.pointerType !== "mouse" || e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, left: view.scrollLeft, top: view.scrollTop,
      moved: false };
  });
  view.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
    drag.moved = true;
    view.classList.add("dragging");
    view.scrollLeft = drag.left - dx;
    view.scrollTop = drag.top - dy;
  });
  const end = () => {
    s.dragged = drag !== null && drag.moved;
    drag = null;
    view.classList.remove("dragging");
  };
  view.addEventListener("pointerup", end);
  view.addEventListener("pointerleave", end);
}

function insert(s, text, stage) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const parsed = doc.documentElement;
  if (!parsed || parsed.nodeName !== "svg") return false;
  parsed.querySelectorAll("script, foreignObject").forEach((e) => e.remove());
  const svg = document.importNode(parsed, true);
  s.w = parseFloat(svg.getAttribute("width")) * PT;
  s.h = parseFloat(svg.getAttribute("height")) * PT;
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  stage.replaceChildren(svg);
  s.svg = svg;
  svg.querySelectorAll("g.node").forEach((node) => {
    const title = node.querySelector("title");
    const id = title ? title.textContent : "";
    node.dataset.claim = id;
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", "button");
    node.querySelectorAll("a").forEach((a) => a.removeAttribute("xlink:href"));
    const open = () => {
      if (!s.dragged) {
        const main = document.querySelector('[data-testid="stMain"]');
        if (main) main.scrollTo({ top: 0 });  // the inspector opens at its top
        s.send("clicked", id);
      }
      s.dragged = false;
    };
    node.addEventListener("click", open);
    node.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") {
      e.preventDefault(); s.dragged = false; open(); } });
    const shape = shapeOf(node);
    if (shape) {
      shape.dataset.stroke = shape.getAttribute("stroke") || "#404040";
      shape.dataset.width = shape.getAttribute("stroke-width") || "1";
    }
  });
  return true;
}

function recolour(svg, nodes) {
  // three passes (write, read every box, write) so the browser lays out once, not per node
  const todo = [];
  svg.querySelectorAll("g.node").forEach((node) => {
    const d = nodes[node.dataset.claim];
    const shape = shapeOf(node);
    if (!d || !shape) return;
    shape.setAttribute("fill", d.fill);
    const texts = node.querySelectorAll("text");
    if (texts.length === d.lines.length) {
      texts.forEach((t, i) => { if (t.textContent !== d.lines[i]) t.textContent = d.lines[i]; });
    }
    node.setAttribute("aria-label", d.lines.join(" "));
    node.dataset.fill = d.fill;
    node.dataset.marks = d.marks.join(" ");
    const marks = d.marks.filter((m) => m in BADGE);
    const main = marks.find((m) => m !== "edited");
    shape.setAttribute("stroke", main ? BADGE[main][1] : shape.dataset.stroke);
    shape.setAttribute("stroke-width", main ? "3" : shape.dataset.width);
    if (main === "given") shape.setAttribute("stroke-dasharray", "6 3");
    else shape.removeAttribute("stroke-dasharray");
    node.querySelectorAll(".argmap-extra").forEach((e) => e.remove());
    todo.push({ node, d, shape, texts, marks });
  });
  for (const t of todo) {
    t.box = t.shape.getBBox();
    t.lines = Object.entries(t.d.swatch).map(([i, c]) => [t.texts[Number(i)], c])
      .filter(([text]) => text).map(([text, c]) => [text.getBBox(), c]);
  }
  for (const { node, d, box, lines, marks } of todo) {
    if (!box.width) continue;
    const extra = el("g", { class: "argmap-extra" });
    // a bar of every state (claims with no one state that matters)
    let x = box.x + 4;
    const w = box.width - 8, y = box.y + box.height - 4.2;
    for (const [name, p, colour] of d.bar) {
      const r = el("rect", { x: x, y: y, width: Math.max(0, p * w), height: 3.5,
        fill: colour, stroke: "none" });
      const tip = el("title", {});
      tip.textContent = name + ": " + Math.round(p * 100) + "%";
      r.appendChild(tip);
      extra.appendChild(r);
      x += p * w;
    }
    // a swatch before each state's line, so the bar's colours can be read
    for (const [b, colour] of lines) {
      extra.appendChild(el("rect", { x: b.x - 8, y: b.y + b.height / 2 - 3, width: 6,
        height: 6, fill: colour, stroke: "#555", "stroke-width": 0.5 }));
    }
    // badges for observed / given / forced / edited, along the top edge
    let right = box.x + box.width;
    for (const m of marks) {
      const [word, colour] = BADGE[m];
      const bw = word.length * 5.2 + 6;
      const g = el("g", { class: "argmap-badge", "data-mark": m });
      g.appendChild(el("rect", { x: right - bw, y: box.y - 5, width: bw, height: 10, rx: 3,
        fill: colour, stroke: "#fff", "stroke-width": 0.8 }));
      const t = el("text", { x: right - bw / 2, y: box.y + 2.6, "text-anchor": "middle",
        "font-family": "Helvetica,sans-serif", "font-size": 7.5, "font-weight": "bold",
        fill: "#fff" });
      t.textContent = word;
      g.appendChild(t);
      extra.appendChild(g);
      right -= bw + 2;
    }
    node.appendChild(extra);
  }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".argmap-diagram");
  if (!root || !data) return;
  const view = root.querySelector(".viewport");
  const stage = root.querySelector(".stage");
  const s = root.__argmap || (root.__argmap = { key: null, zoom: null, root: root });
  s.send = setTriggerValue;
  if (!s.wired) { wire(s, view); s.wired = true; }
  if (typeof data.svg === "string") remember(data.key, data.svg);
  root.dataset.svgSent = String(typeof data.svg === "string");  // for tests: did this run send it
  if (s.key !== data.key) {
    const text = LAYOUTS.get(data.key);
    if (text === undefined) {  // sent in a run this page never drew, or dropped: ask again
      s.asks = s.asked === data.key ? s.asks + 1 : 1;
      s.asked = data.key;
      root.dataset.asks = String(s.asks);
      if (s.asks <= ASKS) setTriggerValue("need", data.key);
      return;
    }
    if (!insert(s, text, stage)) return;
    s.key = data.key;
    root.dataset.layout = data.key;
    root.dataset.inserted = String((Number(root.dataset.inserted) || 0) + 1);
    const fit = fitZoom(s, view);
    zoomTo(s, Math.min(data.focus ? 1.6 : 1.25, Math.max(fit, MIN_START)), view);
    // a new layout opens at its top, centred across, or centred on the focused claim
    view.scrollTop = 0;
    view.scrollLeft = Math.max(0, (view.scrollWidth - view.clientWidth) / 2);
    const focused = [...s.svg.querySelectorAll("g.node")]
      .find((n) => data.focus && n.dataset.claim === data.focus);
    if (focused) {
      const b = focused.getBoundingClientRect(), v = view.getBoundingClientRect();
      view.scrollLeft += (b.left + b.width / 2) - (v.left + v.width / 2);
      view.scrollTop += (b.top + b.height / 2) - (v.top + v.height / 2);
    }
  }
  const t0 = performance.now();
  recolour(s.svg, data.nodes);
  root.dataset.recolourMs = String(Math.round(performance.now() - t0));
  root.dataset.updated = data.stamp;
}
"""
