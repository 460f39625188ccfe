// A manager's team: caseload per worker against the threshold, work waiting for allocation and
// how long it has waited, overdue clocks, and the latent conditions for error; allocating work
// and extending a clock from here.

import { allocate, extendClock } from "../actions.js";
import { api, eachLimited } from "../api.js";
import { caseloadChart } from "../chart.js";
import { badge, standing, why } from "../clocks.js";
import { day, h, kind, plural, replace, section, table, uid } from "../dom.js";
import { say } from "../status.js";

export async function render({ params, profile }) {
  const teams = profile.teams;
  const chosen = params[0]
    || (teams.find((t) => t.managed) || teams.find((t) => t.team_id === profile.team_id) || teams[0] || {}).team_id;
  if (!chosen) {
    return h("div", {}, h("h1", { text: "Team" }), h("p", { text: "You are not in a team." }));
  }
  const container = h("div", {});
  const draw = async (message) => {
    replace(container, ...(await content(chosen, profile, draw)));
    if (message) say(message);
  };
  await draw();
  return container;
}

async function content(teamId, profile, redraw) {
  const manager = profile.role === "manager";
  const readsChildren = profile.role !== "analyst";
  const [caseload, deadlines, conditions, waiting] = await Promise.all([
    api(`/teams/${teamId}/caseload`),
    api(`/teams/${teamId}/deadlines`),
    api(`/teams/${teamId}/conditions`),
    profile.role === "practitioner" ? Promise.resolve(null) : api("/unallocated"),
  ]);
  const workerConditions = await eachLimited(caseload.workers, 4,
    (w) => api(`/workers/${w.worker_id}/conditions`).catch(() => null));
  const names = readsChildren
    ? await childNames([...deadlines.overdue, ...deadlines.due_this_week, ...deadlines.extended, ...(waiting || [])])
    : new Map();
  const threshold = profile.thresholds.caseload_per_fte;
  const workersById = new Map(caseload.workers.map((w) => [w.worker_id, w]));
  const tableId = uid("caseload-table");
  const overdueBy = new Map();
  for (const clock of deadlines.overdue) overdueBy.set(clock.worker_id, (overdueBy.get(clock.worker_id) || 0) + 1);
  const context = { names, workersById, profile, manager, redraw };

  return [
    teamChooser(profile.teams, teamId),
    h("h1", { text: caseload.name }),
    h("p", { class: "lede" },
      `${caseload.fte} full-time workers, ${plural(caseload.children, "child", "children")}: `,
      `${caseload.per_fte} per full-time worker against the authority's threshold of ${threshold}`,
      caseload.over_threshold ? h("strong", { text: " (above it)" }) : null, "."),
    section("Caseload per worker",
      caseload.workers.length ? caseloadChart(caseload.workers, threshold, tableId) : null,
      table(null, ["Worker", ["Full-time", true], ["Children", true], ["Per full-time", true], ["Weighted", true], "Absent now", ["Recording lag: median, 1 in 10 (days)", true], ["Overdue clocks", true]],
        caseload.workers.map((w, i) => workerRow(w, workerConditions[i], overdueBy.get(w.worker_id) || 0, threshold)),
        { empty: "No case-holding workers in this team.", id: tableId }),
    ),
    latent(conditions),
    waiting === null ? null : waitingSection(waiting, caseload.workers.map((w, i) => ({
      ...w, absent: Boolean(workerConditions[i] && workerConditions[i].absent_now),
    })), context),
    clocksSection("Overdue clocks", deadlines.overdue, context, "Nothing overdue."),
    clocksSection("Due this week", deadlines.due_this_week, context, "Nothing is due this week."),
    clocksSection("Extended clocks", deadlines.extended, context, "No clocks extended."),
    manager ? await brokenGlass(teamId, names) : null,
  ].filter(Boolean);
}

function teamChooser(teams, teamId) {
  if (teams.length < 2) return null;
  const id = uid("team");
  const select = h("select", { id, name: "team" }, teams.map((t) => h("option", { value: t.team_id, text: t.name, selected: t.team_id === teamId })));
  select.addEventListener("change", () => { window.location.hash = `#/team/${select.value}`; });
  return h("div", { class: "inline-form" }, h("div", {}, h("label", { for: id, text: "Team" }), select));
}

function workerRow(worker, conditions, overdue, threshold) {
  const over = worker.per_fte > threshold;
  const lag = conditions && conditions.recording_lag_median_days !== null
    ? `${conditions.recording_lag_median_days}, ${conditions.recording_lag_p90_days}` : "–";
  return h("tr", { "data-worker": worker.worker_id },
    h("th", { scope: "row", text: `${worker.name}${worker.employment === "AGENCY" ? " (agency)" : ""}` }),
    h("td", { class: "number", text: worker.fte }),
    h("td", { class: "number", text: worker.children }),
    h("td", { class: "number" }, `${worker.per_fte}`, over ? h("span", { class: "badge overdue", text: " over" }) : null),
    h("td", { class: "number", text: worker.weighted }),
    h("td", { text: conditions ? (conditions.absent_now ? (conditions.absent_with_due_work ? "yes, with work due" : "yes") : "no") : "–" }),
    h("td", { class: "number", text: lag }),
    h("td", { class: "number", text: overdue }));
}

function latent(c) {
  const facts = [
    ["Case-holding workers", `${c.fte} full-time`],
    ["Children per full-time worker", c.caseload_per_fte],
    ["Absent now", `${c.absent_now}${c.absent_with_due_work ? `, ${c.absent_with_due_work} with work due within 7 days` : ""}`],
    ["Recording lag", c.recording_lag_median_days === null ? "nothing recorded lately"
      : `half within ${c.recording_lag_median_days} days; one in ten ${c.recording_lag_p90_days} days or more after the event`],
    ["Changes of worker", c.leavers_last_12_months === null ? "–" : `${plural(c.leavers_last_12_months, "worker")} left in the last 12 months`],
    ["Agency share", c.agency_share === null ? "–" : `${Math.round(c.agency_share * 100)}% of full-time posts`],
    ["New work", c.referrals_per_week_per_fte === null ? "–" : `${c.referrals_per_week_per_fte} referrals a week per full-time worker`],
  ];
  return section("Latent conditions",
    c.concerns.length
      ? h("div", { class: "banner warning" }, h("p", { text: "Above the authority's thresholds:" }), h("ul", {}, c.concerns.map((x) => h("li", { text: x }))))
      : h("p", { text: "No condition is above the authority's thresholds." }),
    h("dl", { class: "facts" }, facts.map(([term, value]) => [h("dt", { text: term }), h("dd", { text: String(value) })])));
}

function childCell(clockOrEpisode, names) {
  const name = names.get(clockOrEpisode.child_id);
  return name
    ? h("a", { href: `#/child/${clockOrEpisode.child_id}`, text: name })
    : h("span", { class: "meta", text: "a child (not shown to your role)" });
}

function waitingSection(waiting, workers, { names, manager, redraw }) {
  const rows = waiting.map((episode) => h("tr", { "data-episode": episode.episode_id },
    h("td", {}, childCell(episode, names)),
    h("td", { text: kind(episode.kind) }),
    h("td", { text: day(episode.waiting_since) }),
    h("td", { class: "number", text: episode.days_waiting }),
    manager ? h("td", {}, h("button", {
      type: "button", class: "small", text: "Allocate",
      "aria-label": `Allocate ${names.get(episode.child_id) || "this child"}`,
      onclick: async () => {
        const done = await allocate(episode, names.get(episode.child_id) || "the child", workers);
        if (done) await redraw(done.words);
      },
    })) : null));
  const headings = ["Child", "Kind", "Waiting since", ["Days waiting", true]];
  return section("Waiting for allocation",
    h("p", { class: "hint", text: "Open work nobody holds, across the authority, longest waiting first." }),
    table(null, manager ? [...headings, "Allocate"] : headings, rows, { empty: "No work is waiting." }));
}

function clocksSection(title, clocks, { names, workersById, manager, profile, redraw }, empty) {
  const rows = clocks.map((clock) => h("tr", {
    "data-clock": clock.clock_key, "data-rule": clock.rule, "data-status": clock.status, "data-due": clock.due,
  },
    h("td", {}, childCell(clock, names)),
    h("td", { text: (workersById.get(clock.worker_id) || {}).name || "" }),
    h("td", {}, h("strong", { text: clock.rule }), " ", clock.title),
    h("td", {}, badge(clock), " ", standing(clock)),
    h("td", { text: day(clock.due) }),
    h("td", { class: "hint", text: why(clock) }),
    manager ? h("td", {}, clock.stopped_on || clock.met_on ? "" : h("button", {
      type: "button", class: "small", text: "Extend",
      "aria-label": `Extend ${clock.rule} for ${names.get(clock.child_id) || "this child"}`,
      onclick: async () => {
        const done = await extendClock(clock, names.get(clock.child_id) || "the child", profile.user);
        if (done) await redraw(done.words);
      },
    })) : null));
  const headings = ["Child", "Worker", "Clock", "Where it stands", "Due", "Why"];
  return section(title, table(null, manager ? [...headings, "Extend"] : headings, rows, { empty }));
}

async function brokenGlass(teamId, names) {
  const opened = await api(`/teams/${teamId}/break-glass`);
  const more = await childNames(opened.filter((o) => !names.has(o.child_id)));
  const rows = opened.map((o) => h("tr", {},
    h("td", { text: o.user_name }),
    h("td", {}, childCell(o, new Map([...names, ...more]))),
    h("td", { text: o.purpose || "" }),
    h("td", { text: new Date(o.accessed_at).toLocaleString("en-GB", { timeZone: "Europe/London" }) })));
  return section("Records opened by breaking the glass",
    table(null, ["Who", "Child", "Their reason", "When"], rows, { empty: "Nobody outside the team has broken the glass on its children." }));
}

// The names of the children in these lists: each is a read of the child's record (and recorded
// as one), so only children actually listed are looked up.
async function childNames(items) {
  const ids = [...new Set(items.map((i) => i.child_id))];
  const names = new Map();
  await eachLimited(ids, 4, async (id) => {
    try {
      const summary = await api(`/children/${id}`);
      names.set(id, summary.child.name);
    } catch {
      // not readable by this person: shown without a name
    }
  });
  return names;
}
