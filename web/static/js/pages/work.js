// A practitioner's day: the children they hold, what is overdue and due first, the risk signals
// in plain words, and a visit, a note or a decision in one screen each.

import { recordCaseNote, recordDecision, recordVisit } from "../actions.js";
import { api } from "../api.js";
import { badge, changes, describeChanges, isOpen, standing } from "../clocks.js";
import { age, day, h, kind, plural, replace, section } from "../dom.js";
import { say } from "../status.js";
import { searchForm } from "./search.js";

export async function render({ profile }) {
  if (!profile.worker_id) {
    return h("div", {}, h("h1", { text: "My work" }), h("p", { text: "You hold no cases: your role has no caseload." }));
  }
  const [children, caseload] = await Promise.all([
    api(`/workers/${profile.worker_id}/children`),
    api(`/workers/${profile.worker_id}/caseload`),
  ]);
  const threshold = profile.thresholds.caseload_per_fte;
  const body = h("tbody");
  const page = h(
    "div",
    {},
    h("h1", { text: "My work" }),
    h("p", { class: "lede" },
      `${profile.name}: ${plural(caseload.children || 0, "child", "children")}, `,
      `${caseload.per_fte || 0} per full-time worker (the authority's threshold is ${threshold})`,
      caseload.over_threshold ? h("strong", { text: ": above the threshold" }) : null, "."),
    summary(children),
    section("Children", children.length
      ? h("div", { class: "table-wrap" }, h("table", { id: "my-children" },
        h("caption", { class: "visually-hidden", text: "My children, overdue first, then by the nearest due date" }),
        h("thead", {}, h("tr", {}, ["Child", "What is due", "Risk signals", "Record"].map((t) => h("th", { scope: "col", text: t })))),
        body))
      : h("p", { class: "none", text: "No children are allocated to you." })),
    searchForm(),
  );
  for (const row of children) body.appendChild(childRow(row));
  return page;
}

function summary(children) {
  const overdue = children.filter((c) => c.overdue.length).length;
  const soon = children.filter((c) => c.next_due && c.next_due.days_left !== null && c.next_due.days_left <= 7).length;
  const signals = children.filter((c) => c.signals.length).length;
  return h("ul", { class: "cards", role: "list", "aria-label": "At a glance" },
    card(`${overdue}`, overdue === 1 ? "child with overdue work" : "children with overdue work"),
    card(`${soon}`, soon === 1 ? "child with work due within 7 days" : "children with work due within 7 days"),
    card(`${signals}`, signals === 1 ? "child with risk signals" : "children with risk signals"));
}

function card(figure, words) {
  return h("li", { class: "card" }, h("p", {}, h("strong", { class: "figure", text: figure }), " ", words));
}

function childRow(row) {
  const child = { child_id: row.child_id, name: row.name };
  const tr = h("tr", { "data-child": row.child_id });
  draw(tr, row, null);
  return tr;

  function draw(element, data, note) {
    // Everything overdue, then the next thing due (when it is not one of those).
    const due = [...data.overdue, ...(data.next_due ? [data.next_due] : [])];
    replace(element,
      h("th", { scope: "row" },
        h("a", { href: `#/child/${data.child_id}`, text: data.name }),
        h("div", { class: "meta", text: `${data.la_child_id} · ${data.date_of_birth ? `${age(data.date_of_birth)} years` : "unborn"} · ${kind(data.kind)}` })),
      h("td", {}, note ? h("p", { class: "just-recorded", text: note }) : null, due.length
        ? h("ul", { class: "signals" }, due.map((c) => h("li", {}, badge(c), " ", `${c.rule} ${c.title}: ${standing(c)} (due ${day(c.due)})`)))
        : h("span", { class: "none", text: "nothing running" })),
      h("td", {}, data.signals.length
        ? h("ul", { class: "signals" }, data.signals.map((s) => h("li", { text: s.explanation })))
        : h("span", { class: "none", text: "none" })),
      h("td", {}, h("div", { class: "actions" },
        action("Visit", `Record a visit to ${data.name}`, () => recordVisit(child, data.episode_id)),
        action("Note", `Case note for ${data.name}`, () => recordCaseNote(child, data.episode_id)),
        action("Decision", `Decision for ${data.name}`, () => recordDecision(child, data.episode_id)))),
    );
  }

  function action(label, description, open) {
    return h("button", {
      type: "button", class: "small", text: label, "aria-label": description,
      onclick: async () => {
        const before = row.clocks;
        const done = await open();
        if (!done) return;
        const summaryNow = await api(`/children/${row.child_id}`);
        const clocks = summaryNow.clocks.filter((c) => [row.episode_id, null].includes(c.episode_id));
        const open_ = clocks.filter(isOpen);
        Object.assign(row, {
          clocks,
          signals: summaryNow.signals,
          overdue: open_.filter((c) => c.status === "overdue"),
          next_due: open_.filter((c) => c.status !== "overdue")
            .sort((a, b) => a.due.localeCompare(b.due))[0] || null,
        });
        const words = `${done.words} ${describeChanges(changes(before, clocks))}`.trim();
        draw(tr, row, words);
        tr.classList.add("highlight");
        // The row was drawn again: give the focus back to the same action in it.
        const again = tr.querySelector(`button[aria-label="${CSS.escape(description)}"]`);
        if (again) again.focus();
        say(words);
      },
    });
  }
}
