// A child's chronology with both clocks: when each thing happened, when it was recorded, the lag
// between them, who recorded it, and what corrected what.

import { api, Problem } from "../api.js";
import { current, purpose } from "../session.js";
import { h, moment, replace, section, table, uid } from "../dom.js";

const RECENT = 8;

export function chronologySection(childId, { glass, recentFirst = false, proof = null, reads = false } = {}) {
  const holder = h("div", {}, h("p", { text: "Loading the chronology…" }));
  const recent = h("div", {});
  let order = "occurred";
  const orderId = uid("order");
  const chooser = h("select", { id: orderId, name: "order" },
    h("option", { value: "occurred", text: "as it happened" }),
    h("option", { value: "recorded", text: "as it was recorded" }));
  const readsId = uid("reads");
  const withReads = reads ? h("input", { type: "checkbox", id: readsId, name: "include_access" }) : null;
  const controls = h("div", { class: "inline-form" },
    h("div", {}, h("label", { for: orderId, text: "Order" }), chooser),
    reads ? h("div", {}, h("label", { class: "check", for: readsId }, withReads, "Include the reads of the record")) : null,
    h("div", {}, h("button", { type: "button", class: "secondary", text: "Download as CSV", onclick: () => download(childId, glass) })),
    h("div", {}, h("button", { type: "button", class: "secondary", text: "Print", onclick: () => window.print() })));

  async function load() {
    try {
      const access = withReads && withReads.checked ? "&include_access=true" : "";
      const found = await api(`/children/${childId}/chronology?order=${order}${access}`, { glass });
      const entries = found.entries || [];
      replace(holder, table(null, headings(proof), entries.map((e) => entryRow(e, proof)), { empty: "Nothing recorded yet." }));
      if (recentFirst) {
        const latest = entries.slice().sort((a, b) => b.recorded_at.localeCompare(a.recorded_at)).slice(0, RECENT);
        replace(recent, table(null, headings(null), latest.map((e) => entryRow(e, null)), { empty: "Nothing recorded yet." }));
      }
    } catch (error) {
      const words = error instanceof Problem ? error.message : "The chronology could not be loaded.";
      replace(holder, h("p", { class: "field-error", text: words }));
      replace(recent);
    }
  }
  chooser.addEventListener("change", () => {
    order = chooser.value;
    load();
  });
  if (withReads) withReads.addEventListener("change", load);
  load();
  return h("div", {},
    recentFirst ? section("Recent events", h("p", { class: "hint", text: "The latest recorded, newest first." }), recent) : null,
    section("Chronology", controls, holder));
}

function headings(proof) {
  const base = ["Happened", "Recorded", ["Lag (days)", true], "What", "Who"];
  return proof ? [...base, "Evidence"] : base;
}

function entryRow(entry, proof) {
  const notes = [];
  if (entry.reason) notes.push(`Reason: ${entry.reason}`);
  if (entry.corrects) notes.push(`Corrects entry ${entry.corrects}`);
  if (entry.corrected_by && entry.corrected_by.length) notes.push(`Corrected by entry ${entry.corrected_by.join(", ")}`);
  if (entry.entered_in_error) notes.push("Entered in error");
  const who = entry.on_behalf_of ? `${entry.actor} for ${entry.on_behalf_of}` : entry.actor;
  return h("tr", { "data-position": entry.position, class: entry.entered_in_error ? "struck" : null },
    h("td", { text: moment(entry.occurred_at) }),
    h("td", { text: moment(entry.recorded_at) }),
    h("td", { class: "number", text: entry.lag_days }),
    h("td", {},
      h("strong", { text: entry.title || entry.event_type }),
      entry.summary ? h("div", { text: entry.summary }) : null,
      notes.length ? h("div", { class: "hint", text: notes.join(". ") }) : null),
    h("td", { text: who }),
    proof ? h("td", {}, h("button", {
      type: "button", class: "small secondary", text: "Proof", "aria-label": `Proof for entry ${entry.position}`,
      onclick: () => proof(entry),
    })) : null);
}

async function download(childId, glass) {
  const session = current();
  const headers = { Authorization: `Bearer ${session.token}` };
  if (session.claims.role === "auditor") headers["X-Purpose"] = purpose();
  if (glass) headers["X-Break-Glass-Reason"] = glass;
  const response = await fetch(`/children/${childId}/chronology.csv`, { headers, credentials: "omit" });
  if (!response.ok) return;
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: `chronology-${childId}.csv`, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
