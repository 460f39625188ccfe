// Building the page: elements from plain values (text is only ever set as text, never parsed as
// markup), dates in words, and the record's codes in plain English.

export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = value;
    } else if (name === "text") {
      element.textContent = value;
    } else if (["checked", "disabled", "required", "hidden", "open", "selected", "value"].includes(name)) {
      element[name] = value;
    } else if (name === "for") {
      element.htmlFor = value;
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else if (child instanceof Node) element.appendChild(child);
    else element.appendChild(document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

// Dates: the record keeps ISO dates; people read "Mon 9 Nov 2026".

const DAY = new Intl.DateTimeFormat("en-GB", {
  weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC",
});
const MOMENT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
  timeZone: "Europe/London",
});

export function day(iso) {
  if (!iso) return "";
  const [y, m, d] = String(iso).slice(0, 10).split("-").map(Number);
  return DAY.format(new Date(Date.UTC(y, m - 1, d)));
}

export function moment(iso) {
  return iso ? MOMENT.format(new Date(iso)) : "";
}

// Today in England and Wales, as the record counts days.
export function today() {
  const parts = new Intl.DateTimeFormat("en-CA", {
    year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/London",
  }).formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function addDays(iso, days) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function age(dateOfBirth) {
  if (!dateOfBirth) return "";
  const [y, m, d] = dateOfBirth.split("-").map(Number);
  const [ty, tm, td] = today().split("-").map(Number);
  let years = ty - y;
  if (tm < m || (tm === m && td < d)) years -= 1;
  return years < 0 ? "unborn" : `${years}`;
}

const KINDS = {
  assessment: "Assessment",
  child_in_need: "Child in need",
  protection: "Child protection plan",
  looked_after: "Looked after",
  care_leaver: "Care leaver",
};

export function kind(code) {
  return KINDS[code] || code;
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many || `${one}s`}`;
}

export function roleWords(role) {
  return { practitioner: "practitioner", manager: "team manager", auditor: "auditor", analyst: "analyst" }[role] || role;
}

// A section with a heading that labels it, for landmarks a screen reader can list.
export function section(title, ...children) {
  const id = uid("section");
  return h("section", { "aria-labelledby": id }, h("h2", { id, text: title }), ...children);
}

export function table(caption, headings, rows, { empty = "None.", id = null } = {}) {
  if (!rows.length) return h("p", { class: "none", text: empty });
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id },
      caption ? h("caption", { text: caption }) : null,
      h("thead", {}, h("tr", {}, headings.map((heading) => {
        const [label, numeric] = Array.isArray(heading) ? heading : [heading, false];
        return h("th", { scope: "col", class: numeric ? "number" : null, text: label });
      }))),
      h("tbody", {}, rows),
    ),
  );
}
