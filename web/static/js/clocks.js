// Statutory clocks in words: where each stands, when it is due, and why.

import { day, h } from "./dom.js";

const OPEN = new Set(["running", "extended", "overdue"]);

export function isOpen(clock) {
  return OPEN.has(clock.status) && !clock.stopped_on;
}

function unit(clock, count) {
  const words = clock.days_unit || "days";
  if (count === 1) return words.replace(/days$/, "day");
  return words;
}

// "overdue by 3 working days", "due in 4 calendar days", "met on Mon 9 Nov 2026".
export function standing(clock) {
  const left = clock.days_left;
  switch (clock.status) {
    case "overdue":
      if (clock.stopped_on) return `not met before the work ended on ${day(clock.stopped_on)}`;
      return `overdue by ${-left} ${unit(clock, -left)}`;
    case "met":
      return `met on ${day(clock.met_on)}`;
    case "met late":
      return `met late, on ${day(clock.met_on)}`;
    default:
      if (left === 0) return "due today";
      return `due in ${left} ${unit(clock, left)}`;
  }
}

// Work due within this many days is "due soon" (the authority's due-soon threshold is 7 days).
const SOON = 7;

export function badge(clock) {
  const soon = clock.days_left !== null && clock.days_left <= SOON;
  const [label, style] = {
    overdue: ["Overdue", "overdue"],
    running: soon ? ["Due soon", "running"] : ["Running", "neutral"],
    extended: ["Extended", "extended"],
    met: ["Met", "met"],
    "met late": ["Met late", "met-late"],
  }[clock.status] || [clock.status, "neutral"];
  return h("span", { class: `badge ${style}`, text: label });
}

// Why the clock exists and why its date is what it is.
export function why(clock) {
  const parts = [`${clock.basis}; started ${day(clock.started_on)}`];
  for (const extension of clock.extensions || []) {
    parts.push(
      `extended on ${day(extension.extended_on)} from ${day(clock.original_due)} to ` +
      `${day(extension.new_due)}, approved by ${extension.approved_by}: ${extension.reason}`,
    );
  }
  return parts.join("; ");
}

export function clockRow(clock, extra) {
  return h(
    "tr",
    {
      "data-clock": clock.clock_key, "data-rule": clock.rule, "data-status": clock.status,
      "data-due": clock.due, "data-met-on": clock.met_on,
    },
    h("td", {}, h("strong", { text: clock.rule }), " ", clock.title),
    h("td", {}, badge(clock), " ", standing(clock)),
    h("td", { text: day(clock.due) }),
    h("td", { class: "hint", text: why(clock) }),
    extra === undefined ? null : h("td", {}, extra),
  );
}

export const CLOCK_HEADINGS = ["Clock", "Where it stands", "Due", "Why"];

// What changed between two readings of a child's clocks: those met since, and those started.
export function changes(before, after) {
  const was = new Map(before.map((c) => [c.clock_key, c]));
  const met = after.filter((c) => c.met_on && was.has(c.clock_key) && !was.get(c.clock_key).met_on);
  const started = after.filter((c) => !was.has(c.clock_key) && isOpen(c));
  const extended = after.filter((c) => was.has(c.clock_key)
    && (c.extensions || []).length > (was.get(c.clock_key).extensions || []).length);
  return { met, started, extended };
}

export function describeChanges({ met, started, extended }) {
  const words = [];
  for (const clock of met) words.push(`Clock ${clock.status === "met late" ? "met late" : "met"}: ${clock.rule} ${clock.title}.`);
  for (const clock of extended) words.push(`Clock extended: ${clock.rule} now due ${day(clock.due)}.`);
  for (const clock of started) words.push(`Next: ${clock.rule} due ${day(clock.due)}.`);
  return words.join(" ");
}
