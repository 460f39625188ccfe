// A child's page: who they are, where their case stands, their clocks with due dates and why,
// the risk signals, what happened recently and the whole chronology.

import { extendClock, recordCaseNote, recordDecision, recordVisit } from "../actions.js";
import { api, Problem } from "../api.js";
import { CLOCK_HEADINGS, changes, clockRow, describeChanges, isOpen } from "../clocks.js";
import { age, day, h, kind, replace, section, table, uid } from "../dom.js";
import { say } from "../status.js";
import { chronologySection } from "./chronology.js";

// Reasons given for breaking the glass, per child, for this page's later reads (each of which is
// recorded again as a break-glass read).
const glassFor = new Map();

export async function render({ params, profile }) {
  const [childId] = params;
  const glass = glassFor.get(childId);
  let summary;
  try {
    summary = await api(`/children/${childId}`, { glass });
  } catch (error) {
    if (error instanceof Problem && error.status === 404 && profile.role === "practitioner") {
      return breakGlass(childId);
    }
    throw error;
  }
  return page(childId, summary, profile, glass);
}

function page(childId, summary, profile, glass) {
  const { child, episodes, clocks, signals } = summary;
  const open = episodes.find((e) => !e.closed_on);
  const mayRecord = ["practitioner", "manager"].includes(profile.role) && open && !glass && !child.died_on;
  const container = h("div", {});
  const draw = (data) => replace(container, content(data));
  const content = (data) => [
    h("p", { class: "breadcrumbs" }, h("a", { href: profile.role === "manager" ? "#/team" : "#/work", text: profile.role === "manager" ? "Team" : "My work" }), " › ", data.child.name),
    h("h1", { text: data.child.name }),
    h("p", { class: "lede", text: describe(data.child, open) }),
    glass ? h("p", { class: "banner warning", text: `You opened this record by breaking the glass ("${glass}"). Each read is recorded and shown to the managers of the child's team.` }) : null,
    data.child.restricted ? h("p", { class: "banner", text: "This is a restricted record: only the people it names can see it." }) : null,
    mayRecord ? actions(data) : null,
    section("Risk signals", data.signals.length
      ? h("ul", { class: "signals" }, data.signals.map((s) => h("li", { text: s.explanation })))
      : h("p", { class: "none", text: "No risk signals." })),
    section("Clocks", clockTable(data, profile, redraw)),
    status(data.episodes, profile),
    chronologySection(childId, { glass, recentFirst: true }),
  ];
  async function redraw(words, before) {
    const now = await api(`/children/${childId}`, { glass });
    draw(now);
    say(`${words} ${describeChanges(changes(before, now.clocks))}`.trim());
  }
  function actions(data) {
    const child = { child_id: childId, name: data.child.name };
    const button = (label, open_) => h("button", {
      type: "button", text: label,
      onclick: async () => {
        const done = await open_();
        if (done) await redraw(done.words, data.clocks);
      },
    });
    return h("div", { class: "actions", role: "group", "aria-label": "Record" },
      button("Record a visit", () => recordVisit(child, open.episode_id)),
      button("Case note", () => recordCaseNote(child, open.episode_id)),
      button("Decision", () => recordDecision(child, open.episode_id)));
  }
  draw({ child, episodes, clocks, signals });
  return container;
}

function describe(child, open) {
  const parts = [child.la_child_id];
  if (child.date_of_birth) parts.push(`born ${day(child.date_of_birth)} (${age(child.date_of_birth)} years)`);
  if (child.died_on) parts.push(`died ${day(child.died_on)}`);
  parts.push(open ? `${kind(open.kind)} since the referral of ${day(open.referral_date)}` : "no open episode");
  return parts.join(" · ");
}

function status(episodes, profile) {
  const rows = episodes.slice().reverse().map((e) => h("tr", {},
    h("td", { text: kind(e.kind) }),
    h("td", { text: day(e.referral_date) }),
    h("td", { text: e.closed_on ? `closed ${day(e.closed_on)}` : "open" }),
    h("td", { text: holder(e, profile) })));
  return section("Episodes", table(null, ["Kind", "Referred", "Status", "Held by"], rows));
}

function holder(episode, profile) {
  if (!episode.worker_id) return episode.closed_on ? "" : `waiting for allocation since ${day(episode.waiting_since)}`;
  if (episode.worker_id === profile.worker_id) return `you, since ${day(episode.allocated_on)}`;
  return `a worker of the team, since ${day(episode.allocated_on)}`;
}

function clockTable(data, profile, redraw) {
  const manager = profile.role === "manager";
  const rows = data.clocks.map((clock) => clockRow(clock, manager
    ? (isOpen(clock) ? h("button", {
      type: "button", class: "small", text: "Extend", "aria-label": `Extend ${clock.rule} for ${data.child.name}`,
      onclick: async () => {
        const done = await extendClock(clock, data.child.name, profile.user);
        if (done) await redraw(done.words, data.clocks);
      },
    }) : "")
    : undefined));
  const headings = manager ? [...CLOCK_HEADINGS, "Manager"] : CLOCK_HEADINGS;
  return table(null, headings, rows, { empty: "No clocks running or recently met." });
}

function breakGlass(childId) {
  const id = uid("glass");
  const reason = h("textarea", { id, name: "reason", rows: 3, required: true });
  const form = h("form", { novalidate: true },
    h("label", { for: id, text: "Why you need this record now" }),
    h("p", { class: "hint", text: "For example: on duty, police at the door asking about this child. Your reason and each read are recorded, and shown to the managers of the child's team." }),
    reason,
    h("div", { class: "actions" }, h("button", { type: "submit", text: "Break the glass and open the record" })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const words = reason.value.trim();
    if (words.length < 10) {
      say("Give your reason in a sentence: it is recorded.", { problem: true });
      reason.focus();
      return;
    }
    glassFor.set(childId, words);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  return h("div", {},
    h("h1", { text: "This record is not in your work" }),
    h("p", { text: "There is no such record, or it is not one of your team's children. If you need it now, you may break the glass." }),
    form);
}
