// Signing in: with a token from the authority's identity provider (pasted), or, in development,
// as one of the local data's people in one click.

import { api, Problem } from "../api.js";
import { h, roleWords, section, uid } from "../dom.js";
import { keepProfile, signIn, signOut } from "../session.js";
import { say } from "../status.js";

export async function render() {
  let people = null;
  try {
    people = await api("/app/dev/sign-in");
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    people = null; // not offered here: production, or not from this machine
  }
  return h(
    "div",
    {},
    h("h1", { text: "Sign in to Casetrail" }),
    people ? devSignIn(people) : null,
    tokenSignIn(),
  );
}

async function begin(token) {
  signIn(token);
  try {
    const me = await api("/me");
    keepProfile(me);
  } catch (error) {
    signOut();
    throw error instanceof Problem && error.status === 401
      ? new Error("That token was not accepted: it may have expired, or be for another server.")
      : error;
  }
  say("");
  window.location.hash = "#/";
}

function devSignIn(people) {
  const buttons = people.map((person) => h("li", {}, h("button", {
    type: "button",
    class: "secondary",
    "data-user": person.user,
    text: `Sign in as ${person.name}, ${roleWords(person.role)} (${person.user})`,
    onclick: () => asUser(person.user, person.role === "auditor" || person.role === "analyst" ? person.role : null),
  })));
  const userId = uid("user");
  const roleId = uid("role");
  const user = h("input", { type: "text", id: userId, name: "user", autocomplete: "off", required: true });
  const role = h("select", { id: roleId, name: "role" },
    h("option", { value: "", text: "a worker (by staff id)" }),
    h("option", { value: "auditor", text: "an auditor (by name)" }),
    h("option", { value: "analyst", text: "an analyst (by name)" }));
  const form = h("form", { class: "inline-form", novalidate: true },
    h("div", {}, h("label", { for: userId, text: "Staff id or name" }), user),
    h("div", {}, h("label", { for: roleId, text: "Signing in as" }), role),
    h("div", {}, h("button", { type: "submit", text: "Sign in" })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!user.value.trim()) {
      say("Give a staff id or a name.", { problem: true });
      user.focus();
      return;
    }
    asUser(user.value.trim(), role.value || null);
  });
  return section(
    "People of the local data (development only)",
    h("p", { class: "hint", text: "This server runs in development: you may sign in as anyone in its local data, as `casetrail token` would. In production only the token below is accepted." }),
    people.length ? h("ul", { class: "actions", role: "list" }, buttons) : h("p", { class: "none", text: "The demo's people are not in the local data (run `casetrail demo`)." }),
    h("h3", { text: "Someone else" }),
    form,
  );
}

async function asUser(user, role) {
  try {
    const answer = await api("/app/dev/sign-in", { method: "POST", body: { user, role } });
    await begin(answer.token);
  } catch (error) {
    say(error.message, { problem: true });
  }
}

function tokenSignIn() {
  const id = uid("token");
  const token = h("textarea", { id, name: "token", rows: 4, autocomplete: "off", spellcheck: "false", required: true });
  const form = h("form", { novalidate: true },
    h("label", { for: id, text: "Token" }),
    h("p", { class: "hint", text: "A bearer token from your authority's sign-in service (or `casetrail token STAFF_ID`). It is kept in this browser tab only, until you sign out or close the tab." }),
    token,
    h("div", { class: "actions" }, h("button", { type: "submit", text: "Sign in with this token" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await begin(token.value);
    } catch (error) {
      say(error.message, { problem: true });
      token.focus();
    }
  });
  return section("Sign in with a token", form);
}
