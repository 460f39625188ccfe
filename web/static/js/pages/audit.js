// An auditor's page: a child's chronology with both clocks; the child's clocks and risk as they
// were known on a chosen date; who accessed the record; and the signed tree head with a proof
// that an event is in the log it signs. Every read carries the review's reference.

import { api, Problem } from "../api.js";
import { CLOCK_HEADINGS, clockRow } from "../clocks.js";
import { addDays, day, h, moment, replace, section, table, today, uid } from "../dom.js";
import { purpose, setPurpose } from "../session.js";
import { say } from "../status.js";
import { chronologySection } from "./chronology.js";
import { evidenceSection } from "./evidence.js";
import { searchForm } from "./search.js";

export async function render({ params }) {
  const [childId] = params;
  if (!purpose()) return purposeForm(childId);
  const page = h("div", {},
    h("h1", { text: childId ? "Audit of a child's record" : "Audit" }),
    h("p", { class: "lede" }, `Review: ${purpose()} `,
      h("button", { type: "button", class: "small secondary", text: "Change", onclick: () => { setPurpose(""); window.dispatchEvent(new HashChangeEvent("hashchange")); } })));
  if (!childId) {
    page.appendChild(searchForm({ target: (id) => `#/audit/${id}`, title: "Choose a child" }));
    return page;
  }
  const summary = await api(`/children/${childId}`);
  page.querySelector("h1").textContent = `Audit: ${summary.child.name}`;
  const evidence = evidenceSection();
  page.append(
    h("p", { class: "breadcrumbs" }, h("a", { href: "#/audit", text: "Audit" }), " › ", summary.child.name,
      ` (${summary.child.la_child_id})`),
    asKnownSection(childId, summary),
    chronologySection(childId, { proof: (entry) => evidence.show(entry), reads: true }),
    section("Evidence", evidence.head, evidence.proof),
    await accessSection(childId),
  );
  return page;
}

function purposeForm(childId) {
  const id = uid("purpose");
  const input = h("input", { type: "text", id, name: "purpose", required: true, autocomplete: "off" });
  const form = h("form", { novalidate: true },
    h("label", { for: id, text: "Review reference" }),
    h("p", { class: "hint", text: "The reference of the review you are working for (for example CSPR-2026-004). It is sent with every read and kept in the record's access log." }),
    input,
    h("div", { class: "actions" }, h("button", { type: "submit", text: "Continue" })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!input.value.trim()) {
      say("Give the review's reference: every read needs it.", { problem: true });
      input.focus();
      return;
    }
    setPurpose(input.value);
    window.location.hash = childId ? `#/audit/${childId}` : "#/audit";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  return h("div", {}, h("h1", { text: "Audit" }), form);
}

// The child's clocks and risk as known at the end of a chosen day, beside today's.
function asKnownSection(childId, summary) {
  const id = uid("known-at");
  const input = h("input", { type: "date", id, name: "at", max: today(), value: addDays(today(), -1), required: true });
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "inline-form", novalidate: true },
    h("div", {}, h("label", { for: id, text: "As known on" }), input),
    h("div", {}, h("button", { type: "submit", text: "Show" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.value) return;
    replace(result, h("p", { text: "Replaying the record as it was known then…" }));
    try {
      // A date means the end of that day in England; today has not ended, so: now.
      const at = input.value === today() ? new Date(Date.now() - 1000).toISOString() : input.value;
      const then = await api(`/children/${childId}/as-known-at?at=${encodeURIComponent(at)}`);
      replace(result, knownThen(then, input.value));
    } catch (error) {
      replace(result, h("p", { class: "field-error", text: error instanceof Problem ? error.message : String(error) }));
    }
  });
  return section("As known on a date",
    h("p", { class: "hint", text: "What the record showed about this child's clocks and risk at the end of a day: only what had been recorded by then, judged on that day." }),
    form, result,
    h("h3", { text: "Today" }),
    table(null, CLOCK_HEADINGS, summary.clocks.map((c) => clockRow(c)), { empty: "No clocks running or recently met." }),
    summary.signals.length ? h("ul", { class: "signals" }, summary.signals.map((s) => h("li", { text: s.explanation }))) : null);
}

function knownThen(then, date) {
  const { moments } = then;
  const heading = h("h3", { text: `As known at the end of ${day(date)}` });
  const counts = h("p", { class: "hint", text: `${moments.events_known_then} events of this record had been recorded by then; ${moments.events_known_now} by now.` });
  if (!then.known_then) {
    return h("div", { class: "known-then" }, heading, counts, h("p", { text: "Nothing about this child had been recorded by then." }));
  }
  const changes = then.clock_changes.map((c) => h("tr", { "data-rule": c.rule, "data-change": c.change },
    h("td", {}, h("strong", { text: c.rule }), " ", c.title),
    h("td", { text: c.then_status ? `${c.then_status}, due ${day(c.then_due)}` : "not on the record" }),
    h("td", { text: c.now_status ? `${c.now_status}${c.now_met_on ? ` on ${day(c.now_met_on)}` : `, due ${day(c.now_due)}`}` : "not on the record" }),
    h("td", { text: c.change })));
  return h("div", { class: "known-then", id: "known-then" },
    heading, counts,
    table(null, CLOCK_HEADINGS, then.clocks.map((c) => clockRow(c)), { empty: "No clocks were running or recently met." }),
    then.signals.length
      ? h("ul", { class: "signals" }, then.signals.map((s) => h("li", { text: s.explanation })))
      : h("p", { class: "none", text: "No risk signals then." }),
    h("h3", { text: "What has changed since" }),
    table(null, ["Clock", "Then", "Now", "Change"], changes, { empty: "No clock has changed since." }),
    then.signal_changes.length
      ? h("ul", {}, then.signal_changes.map((s) => h("li", { text: `${s.change}: ${s.explanation}` })))
      : null);
}

async function accessSection(childId) {
  const log = await api(`/children/${childId}/access`);
  const rows = log.map((a) => h("tr", {},
    h("td", { text: moment(a.accessed_at) }),
    h("td", { text: `${a.user_name} (${a.role})` }),
    h("td", { text: a.route }),
    h("td", { text: a.purpose || "" }),
    h("td", { text: a.outcome })));
  return section("Who accessed this record",
    table(null, ["When", "Who", "What they read", "Purpose or reason", "Outcome"], rows, { empty: "Nobody yet." }));
}
