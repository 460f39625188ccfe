// A bar chart of children per full-time worker against the authority's threshold, drawn as SVG.
// The same figures are in the table beside it, which is what a screen reader is pointed to.

import { h } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";

function s(tag, attrs, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) element.setAttribute(name, String(value));
  for (const child of children) {
    if (child === null || child === undefined) continue;
    element.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

export function caseloadChart(workers, threshold, tableId) {
  const rowHeight = 30;
  const left = 170;
  const right = 70;
  const width = 720;
  const top = 28;
  const height = top + rowHeight * Math.max(workers.length, 1) + 24;
  const most = Math.max(threshold * 1.25, ...workers.map((w) => w.per_fte), 1);
  const x = (value) => left + ((width - left - right) * value) / most;
  const svg = s("svg", {
    viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart",
    "aria-label": `Children per full-time worker, against the threshold of ${threshold}. The table below gives the figures.`,
  });
  svg.appendChild(s("text", { x: x(threshold) + 4, y: 16 }, `threshold ${threshold}`));
  workers.forEach((worker, index) => {
    const y = top + index * rowHeight;
    const over = worker.per_fte > threshold;
    svg.appendChild(s("text", { x: left - 8, y: y + 19, "text-anchor": "end" }, short(worker.name)));
    svg.appendChild(s("rect", {
      x: left, y: y + 4, height: rowHeight - 10, width: Math.max(x(worker.per_fte) - left, 1),
      class: over ? "bar over" : "bar",
    }));
    svg.appendChild(s("text", { x: x(worker.per_fte) + 6, y: y + 19 }, `${worker.per_fte}${over ? " (over)" : ""}`));
  });
  svg.appendChild(s("line", {
    x1: x(threshold), x2: x(threshold), y1: top - 6, y2: height - 18, class: "threshold",
  }));
  return h(
    "figure",
    { class: "chart" },
    svg,
    h("figcaption", {}, "Children per full-time worker; the dashed line is the authority's threshold. ",
      h("a", { href: `#${tableId}`, "data-skip": true, text: "The figures as a table" }), "."),
  );
}

function short(name) {
  return name.length > 22 ? `${name.slice(0, 21)}…` : name;
}
