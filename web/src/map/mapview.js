// The world map: countries from world-atlas (served beside app.js, no tile
// server), agents as markers, clustered in screen space when dense, zoom by
// buttons, wheel or double-click, pan by dragging. Used by #/map and by the
// action page (markers coloured by the agent's outcome).
//
//   const map = createMap(container, { states: OUTCOMES | null });
//   map.setPoints([{ id, name, lat, lon, state, detail }]);
//   map.destroy();
import { geoNaturalEarth1, geoPath, geoGraticule10 } from "d3-geo";
import { feature, mesh } from "topojson-client";
import { el, svg, replace } from "../lib/dom.js";
import { clusterPoints, countStates } from "./cluster.js";

const W = 960;
const H = 500;
const CLUSTER_RADIUS = 28; // viewBox units (about pixels at full width)
const MIN_ZOOM = 1;
const MAX_ZOOM = 64;

export const STATE_LABELS = {
  found: "found",
  nothing: "nothing found",
  error: "error",
  noanswer: "no answer",
  agent: "agent",
};

let worldPromise = null;

// The outline, fetched once per page load, relative to the page (the
// console may be served under any path).
export function loadWorld() {
  if (!worldPromise) {
    worldPromise = fetch(new URL("countries-110m.json", document.baseURI), { credentials: "omit" })
      .then((r) => {
        if (!r.ok) throw new Error(`world outline: HTTP ${r.status}`);
        return r.json();
      })
      .catch((e) => {
        worldPromise = null;
        throw e;
      });
  }
  return worldPromise;
}

export function createMap(container, { states = null, title = "Agents" } = {}) {
  const projection = geoNaturalEarth1().fitExtent([[8, 8], [W - 8, H - 8]], { type: "Sphere" });
  const path = geoPath(projection);
  let view = { k: 1, x: 0, y: 0 };
  let points = [];
  let selected = null;

  const world = svg("g", { class: "map-world" });
  const markers = svg("g", { class: "map-markers" });
  const root = svg(
    "svg",
    { "data-testid": "map", class: "map-svg", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title },
    svg("title", {}, "Drag to pan; click the map, then scroll to zoom (or Ctrl+scroll, double-click, the buttons)"),
    svg("rect", { class: "map-bg", x: 0, y: 0, width: W, height: H }),
    world,
    markers,
  );
  const panel = el("aside", { class: "map-panel", "data-testid": "map-panel" });
  const legend = el("div", { class: "map-legend", "data-testid": "map-legend" });
  const status = el("p", { class: "map-status" });
  const zoomIn = el("button", { type: "button", title: "zoom in", "data-testid": "map-zoom-in", onclick: () => zoomAt(W / 2, H / 2, 2) }, "+");
  const zoomOut = el("button", { type: "button", title: "zoom out", "data-testid": "map-zoom-out", onclick: () => zoomAt(W / 2, H / 2, 0.5) }, "−");
  const reset = el("button", { type: "button", title: "whole world", "data-testid": "map-zoom-reset", onclick: () => setView({ k: 1, x: 0, y: 0 }) }, "⟲");
  const box = el(
    "div",
    { class: "map" },
    el("div", { class: "map-stage" }, root, el("div", { class: "map-zoom" }, zoomIn, zoomOut, reset)),
    panel,
  );
  replace(container, box, legend, status);
  showPanel(null);

  // The outline arrives asynchronously; markers do not wait for it.
  loadWorld()
    .then((topo) => {
      const countries = feature(topo, topo.objects.countries);
      world.append(
        svg("path", { class: "map-sphere", d: path({ type: "Sphere" }) }),
        svg("path", { class: "map-graticule", d: path(geoGraticule10()) }),
        ...countries.features.map((f) => svg("path", { class: "map-country", d: path(f) })),
        svg("path", { class: "map-borders", d: path(mesh(topo, topo.objects.countries, (a, b) => a !== b)) }),
      );
    })
    .catch((e) => {
      status.textContent = `The world outline could not be loaded (${e.message}); agents are placed without it.`;
    });

  // --- zoom and pan -------------------------------------------------------
  function clampView(v) {
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.k));
    // Keep the world covering the stage.
    const x = Math.min(0, Math.max(W - W * k, v.x));
    const y = Math.min(0, Math.max(H - H * k, v.y));
    return { k, x, y };
  }

  function setView(v) {
    view = clampView(v);
    world.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`);
    draw();
  }

  // Zooms by factor around the viewBox point (px, py).
  function zoomAt(px, py, factor) {
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.k * factor));
    const f = k / view.k;
    setView({ k, x: px - (px - view.x) * f, y: py - (py - view.y) * f });
  }

  function toViewBox(evt) {
    const m = root.getScreenCTM();
    if (!m) return { x: W / 2, y: H / 2 };
    const p = new DOMPoint(evt.clientX, evt.clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  }

  // The wheel zooms once the map has been clicked (or with Ctrl), so that
  // scrolling the page over the map still scrolls the page.
  let active = false;
  root.addEventListener("pointerleave", () => (active = false));
  root.addEventListener(
    "wheel",
    (evt) => {
      if (!active && !evt.ctrlKey && !evt.metaKey) return;
      evt.preventDefault();
      const p = toViewBox(evt);
      zoomAt(p.x, p.y, evt.deltaY < 0 ? 1.5 : 1 / 1.5);
    },
    { passive: false },
  );
  root.addEventListener("dblclick", (evt) => {
    const p = toViewBox(evt);
    zoomAt(p.x, p.y, evt.shiftKey ? 0.5 : 2);
  });
  let drag = null;
  root.addEventListener("pointerdown", (evt) => {
    active = true;
    if (evt.button !== 0 || evt.target.closest("[data-testid=map-marker],[data-testid=map-cluster]")) return;
    drag = { start: toViewBox(evt), view: { ...view }, id: evt.pointerId };
    root.setPointerCapture(evt.pointerId);
  });
  root.addEventListener("pointermove", (evt) => {
    if (!drag || evt.pointerId !== drag.id) return;
    const p = toViewBox(evt);
    setView({ k: drag.view.k, x: drag.view.x + p.x - drag.start.x, y: drag.view.y + p.y - drag.start.y });
  });
  const endDrag = () => (drag = null);
  root.addEventListener("pointerup", endDrag);
  root.addEventListener("pointercancel", endDrag);

  // --- markers ------------------------------------------------------------
  // Points are projected once (setPoints); a zoom only scales and shifts.
  let projected = []; // [{ point, px, py }]

  function draw() {
    const visible = [];
    for (const { point, px, py } of projected) {
      const x = px * view.k + view.x;
      const y = py * view.k + view.y;
      if (x < -CLUSTER_RADIUS || y < -CLUSTER_RADIUS || x > W + CLUSTER_RADIUS || y > H + CLUSTER_RADIUS) continue;
      visible.push({ x, y, id: point.id, point });
    }
    const clusters = clusterPoints(visible, { radius: CLUSTER_RADIUS });
    const nodes = clusters.map((c) => (c.items.length === 1 ? markerNode(c.items[0]) : clusterNode(c)));
    markers.replaceChildren(...nodes);
  }

  function markerNode(item) {
    const p = item.point;
    const node = svg(
      "g",
      {
        class: `map-marker state-${p.state}` + (selected && selected.id === p.id ? " selected" : ""),
        "data-testid": "map-marker",
        "data-state": p.state,
        "data-agent-id": p.id,
        transform: `translate(${item.x},${item.y})`,
        tabindex: 0,
        role: "button",
        onclick: () => showPanel(p),
        onkeydown: (e) => (e.key === "Enter" || e.key === " ") && showPanel(p),
      },
      svg("title", {}, `${p.name} (${STATE_LABELS[p.state] || p.state})`),
      svg("circle", { r: 6 }),
    );
    return node;
  }

  function clusterNode(c) {
    const n = c.items.length;
    const r = Math.min(22, 10 + Math.log2(n) * 2);
    const counts = countStates(c.items, (i) => i.point.state);
    const children = [svg("circle", { class: "map-cluster-disc", r })];
    // The mix of states as segments of a ring around the count.
    const circumference = 2 * Math.PI * r;
    let offset = 0;
    const order = states || ["agent"];
    for (const s of order) {
      const m = counts[s] || 0;
      if (!m) continue;
      const len = (m / n) * circumference;
      children.push(
        svg("circle", {
          class: `map-cluster-ring state-${s}`,
          r,
          "stroke-dasharray": `${len} ${circumference - len}`,
          "stroke-dashoffset": -offset,
          transform: "rotate(-90)",
        }),
      );
      offset += len;
    }
    children.push(svg("text", { class: "map-cluster-count", "text-anchor": "middle", dy: "0.35em" }, String(n)));
    const mix = order.filter((s) => counts[s]).map((s) => `${counts[s]} ${STATE_LABELS[s] || s}`).join(", ");
    children.unshift(svg("title", {}, `${n} agents${states ? ": " + mix : ""} (click to zoom in)`));
    const attrs = {
      class: "map-cluster",
      "data-testid": "map-cluster",
      "data-count": n,
      transform: `translate(${c.x},${c.y})`,
      tabindex: 0,
      role: "button",
      onclick: () => zoomAt(c.x, c.y, 4),
      onkeydown: (e) => (e.key === "Enter" || e.key === " ") && zoomAt(c.x, c.y, 4),
    };
    for (const s of order) if (counts[s]) attrs[`data-${s}`] = counts[s];
    return svg("g", attrs, ...children);
  }

  function showPanel(p) {
    selected = p;
    if (!p) {
      replace(panel, el("p", { class: "muted" }, "Select a marker to see its agent; click a cluster to zoom in."));
    } else {
      const where = p.location ? [p.location.city, p.location.country].filter(Boolean).join(", ") : "";
      replace(
        panel,
        el("h3", { "data-testid": "map-panel-name" }, p.name),
        el("p", {}, el("span", { class: `badge state-${p.state}` }, STATE_LABELS[p.state] || p.state)),
        where ? el("p", {}, where) : null,
        p.detail ? el("p", { class: "muted" }, p.detail) : null,
        el("p", {}, el("a", { href: `#/agent/${encodeURIComponent(p.id)}`, "data-testid": "map-panel-link" }, "agent page")),
      );
    }
    for (const m of markers.querySelectorAll("[data-testid=map-marker]")) {
      m.classList.toggle("selected", !!p && m.getAttribute("data-agent-id") === String(p.id));
    }
  }

  function drawLegend(unplaced) {
    const order = states || ["agent"];
    const counts = countStates(points, (p) => p.state);
    replace(
      legend,
      order.map((s) =>
        el("span", { class: "legend-item" }, el("span", { class: `swatch state-${s}` }), `${STATE_LABELS[s] || s}: ${counts[s] || 0}`),
      ),
      unplaced ? el("span", { class: "legend-item muted" }, `${unplaced} without a known location`) : null,
    );
  }

  return {
    // points: [{ id, name, state, lat, lon, location, detail }]; entries
    // without coordinates are counted in the legend, not drawn.
    setPoints(list) {
      const placed = list.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
      points = placed;
      projected = [];
      for (const p of placed) {
        const xy = projection([p.lon, p.lat]);
        if (xy) projected.push({ point: p, px: xy[0], py: xy[1] });
      }
      if (selected) selected = placed.find((p) => p.id === selected.id) || null;
      drawLegend(list.length - placed.length);
      draw();
      if (selected) showPanel(selected);
    },
    zoom: (factor) => zoomAt(W / 2, H / 2, factor),
    element: root,
  };
}

// An agent of GET /agent/locations -> a map point (state given by caller).
export function agentPoint(agent, state, detail) {
  const loc = agent && agent.location && typeof agent.location === "object" ? agent.location : null;
  return {
    id: agent.id,
    name: String(agent.name ?? ""),
    state,
    lat: loc ? coordinate(loc.latitude) : NaN,
    lon: loc ? coordinate(loc.longitude) : NaN,
    location: loc,
    detail,
  };
}

// Numbers only: null or "" must not become 0 (a marker off Africa).
function coordinate(v) {
  return typeof v === "number" && Number.isFinite(v) ? v : NaN;
}
