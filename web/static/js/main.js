// The client's shell: which page the address names, the navigation for the signed-in person's
// role, and the line that tells them what just happened.

import { api } from "./api.js";
import { h, replace, roleWords } from "./dom.js";
import { current, keepProfile, signOut } from "./session.js";
import { say } from "./status.js";
import * as audit from "./pages/audit.js";
import * as child from "./pages/child.js";
import * as signin from "./pages/signin.js";
import * as team from "./pages/team.js";
import * as work from "./pages/work.js";

const ROUTES = [
  [/^#\/sign-in$/, signin],
  [/^#\/work$/, work],
  [/^#\/child\/([0-9a-f-]{36})$/, child],
  [/^#\/team(?:\/([0-9a-f-]{36}))?$/, team],
  [/^#\/audit(?:\/([0-9a-f-]{36}))?$/, audit],
];

const HOME = { practitioner: "#/work", manager: "#/team", auditor: "#/audit", analyst: "#/team" };

function home() {
  const session = current();
  return session ? HOME[session.claims.role] || "#/work" : "#/sign-in";
}

// Who the API says this is (GET /me), once per tab.
async function whoAmI() {
  const session = current();
  if (session && session.profile) return session.profile;
  const found = await api("/me");
  keepProfile(found);
  return found;
}

function navigation(session, profile) {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  if (!session) {
    replace(nav);
    replace(who);
    return;
  }
  const role = session.claims.role;
  const links = [];
  if (role === "practitioner") links.push(["#/work", "My work"]);
  if (["practitioner", "manager", "analyst"].includes(role) && profile && profile.teams.length) links.push(["#/team", role === "analyst" ? "Teams" : "Team"]);
  if (role === "auditor") links.push(["#/audit", "Audit"]);
  const here = window.location.hash;
  replace(nav, h("ul", {}, links.map(([href, label]) => h("li", {}, h("a", {
    href, text: label, "aria-current": here.startsWith(href) ? "page" : null,
  })))));
  const name = (profile && profile.name) || session.claims.name || session.claims.sub;
  replace(who,
    h("span", {}, `${name} (${roleWords(role)})`),
    h("button", {
      type: "button", class: "small", text: "Sign out",
      // A fresh page: nothing of this person's (a reason given for breaking the glass, a list
      // of children) stays in memory for whoever signs in next.
      onclick: () => { signOut(); window.location.replace("/#/sign-in"); window.location.reload(); },
    }));
}

let rendering = 0;

async function route() {
  const hash = window.location.hash || "#/";
  if (!hash.startsWith("#/")) return; // an in-page link (the skip link, a table)
  const session = current();
  if (!session && hash !== "#/sign-in") {
    window.location.hash = "#/sign-in";
    return;
  }
  if (session && (hash === "#/" || hash === "#/sign-in")) {
    window.location.hash = home();
    return;
  }
  const main = document.getElementById("main");
  const found = ROUTES.map(([pattern, page]) => [hash.match(pattern), page]).find(([match]) => match);
  const mine = ++rendering;
  let profile = null;
  try {
    profile = session ? await whoAmI() : null;
  } catch (error) {
    say(error.message, { problem: true });
  }
  navigation(session, profile);
  if (!found) {
    replace(main, h("h1", { text: "Page not found" }), h("p", {}, h("a", { href: home(), text: "Go to your start page" })));
    return;
  }
  const [match, page] = found;
  replace(main, h("p", { text: "Loading…" }));
  try {
    const content = await page.render({ params: match.slice(1), profile, session });
    if (mine !== rendering) return; // the person has moved on to another page meanwhile
    replace(main, content);
    document.title = `${(main.querySelector("h1") || {}).textContent || "Casetrail"} – Casetrail`;
    main.focus();
  } catch (error) {
    if (mine !== rendering) return;
    replace(main, h("h1", { text: "Something went wrong" }), h("p", { text: error.message }));
    main.focus();
  }
}

// In-page links (marked data-skip) move the focus instead of changing the page.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-skip]");
  if (!link) return;
  event.preventDefault();
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (target) {
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }
});

window.addEventListener("hashchange", () => {
  say("");
  route();
});
route();
