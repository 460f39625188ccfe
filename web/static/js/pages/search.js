// Finding a child by part of their name or their local id, among those the reader may see.

import { api } from "../api.js";
import { age, h, replace, section, uid } from "../dom.js";

export function searchForm({ target = (id) => `#/child/${id}`, title = "Find a child" } = {}) {
  const id = uid("search");
  const input = h("input", { type: "search", id, name: "q", minlength: 2, autocomplete: "off" });
  const results = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "inline-form", role: "search", novalidate: true },
    h("div", {}, h("label", { for: id, text: "Name or local id" }), input),
    h("div", {}, h("button", { type: "submit", text: "Search" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q.length < 2) {
      replace(results, h("p", { class: "field-error", text: "Give at least two letters or digits." }));
      return;
    }
    try {
      const found = await api(`/children?q=${encodeURIComponent(q)}`);
      replace(results, found.length
        ? h("ul", {}, found.map((c) => h("li", {},
          h("a", { href: target(c.child_id), text: c.name }),
          h("span", { class: "meta", text: ` ${c.la_child_id}${c.date_of_birth ? `, ${age(c.date_of_birth)} years` : ""}` }))))
        : h("p", { class: "none", text: "No child you may see matches." }));
    } catch (error) {
      replace(results, h("p", { class: "field-error", text: error.message }));
    }
  });
  return section(title, form, results);
}
