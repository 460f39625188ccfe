// One-screen actions: a visit, a case note, a decision, an extension, an allocation. Each is a
// handful of fields in a dialog; Enter (or Ctrl+Enter in a text box) records, Escape cancels,
// and what the record said back is shown at once.

import { api, Problem, randomKey } from "./api.js";
import { day, h, today, uid } from "./dom.js";

// A dialog with a form; resolves with what `submit` returned, or null when cancelled.
function formDialog({ title, intro, fields, submitLabel, submit }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const key = randomKey();
    const titleId = uid("dialog-title");
    const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
    const inputs = new Map();
    const rows = fields.map((field) => {
      const built = fieldRow(field);
      inputs.set(field.name, built);
      return built.row;
    });
    const send = h("button", { type: "submit", text: submitLabel });
    const cancel = h("button", { type: "button", class: "secondary", text: "Cancel" });
    const form = h("form", { novalidate: true }, summary, rows, h("div", { class: "actions" }, send, cancel));
    const dialog = h(
      "dialog",
      { "aria-labelledby": titleId, class: "action" },
      h("h2", { id: titleId, text: title }),
      intro ? h("p", { class: "hint", text: intro }) : null,
      form,
    );
    let result = null;
    const close = () => dialog.close();
    cancel.addEventListener("click", close);
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (opener && document.contains(opener)) opener.focus();
      resolve(result);
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(summary, inputs);
      const values = {};
      for (const [name, built] of inputs) values[name] = built.read();
      const missing = fields.filter((f) => f.required && (values[f.name] === "" || values[f.name] === null));
      if (missing.length) {
        showErrors(summary, inputs, missing.map((f) => ({ field: f.name, message: `Give ${f.label.toLowerCase()}.` })));
        return;
      }
      send.disabled = true;
      const label = send.textContent;
      send.textContent = "Recording…";
      try {
        result = await submit(values, key);
        close();
      } catch (error) {
        const errors = error instanceof Problem && error.errors.length
          ? error.errors
          : [{ field: null, message: error.message }];
        showErrors(summary, inputs, errors);
      } finally {
        send.disabled = false;
        send.textContent = label;
      }
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    const first = form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  });
}

function fieldRow(field) {
  const id = uid(`field-${field.name}`);
  const hintId = field.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const described = [hintId, errorId].filter(Boolean).join(" ");
  let input;
  if (field.type === "checkbox") {
    input = h("input", { type: "checkbox", id, name: field.name, checked: !!field.value, "aria-describedby": described });
    const row = h("div", {}, h("label", { class: "check", for: id }, input, field.label), hint(field, hintId), error);
    return { row, input, error, read: () => input.checked };
  }
  if (field.type === "textarea") {
    input = h("textarea", { id, name: field.name, rows: 4, "aria-describedby": described, required: !!field.required });
    input.value = field.value || "";
  } else if (field.type === "select") {
    input = h(
      "select",
      { id, name: field.name, "aria-describedby": described, required: !!field.required },
      field.options.map((o) => h("option", { value: o.value, text: o.label, selected: o.value === field.value })),
    );
  } else {
    input = h("input", {
      type: field.type || "text", id, name: field.name, "aria-describedby": described,
      required: !!field.required, min: field.min, max: field.max, autocomplete: "off",
    });
    input.value = field.value || "";
  }
  const label = h("label", { for: id }, field.label, field.required ? null : h("span", { class: "meta", text: " (optional)" }));
  const row = h("div", {}, label, hint(field, hintId), error, input);
  return { row, input, error, read: () => (input.value.trim() === "" ? (field.required ? "" : null) : input.value.trim()) };
}

function hint(field, id) {
  return field.hint ? h("p", { class: "hint", id, text: field.hint }) : null;
}

function clearErrors(summary, inputs) {
  summary.hidden = true;
  summary.replaceChildren();
  for (const built of inputs.values()) {
    built.error.hidden = true;
    built.input.removeAttribute("aria-invalid");
  }
}

function showErrors(summary, inputs, errors) {
  const items = errors.map((e) => {
    const built = e.field ? inputs.get(String(e.field).split(".").pop()) : null;
    if (built) {
      built.error.hidden = false;
      built.error.textContent = e.message;
      built.input.setAttribute("aria-invalid", "true");
    }
    return h("li", { text: e.message });
  });
  summary.replaceChildren(h("h3", { text: "Nothing was recorded" }), h("ul", {}, items));
  summary.hidden = false;
  summary.focus();
}

function dateField(label = "Date it happened") {
  return {
    name: "occurred_at", label, type: "date", value: today(), max: today(), required: true,
    hint: "Today, or the day it happened if you are recording it later.",
  };
}

// The practitioner's actions on an episode. Each resolves with a sentence about what was
// recorded, or null when cancelled.

export async function recordVisit(child, episodeId) {
  const done = await formDialog({
    title: `Record a visit to ${child.name}`,
    fields: [
      dateField("Date of the visit"),
      { name: "child_seen", label: "The child was seen", type: "checkbox", value: true },
      { name: "seen_alone", label: "The child was seen alone", type: "checkbox", value: false },
      { name: "statutory", label: "This was a statutory visit", type: "checkbox", value: true },
      { name: "note", label: "Note", type: "textarea" },
    ],
    submitLabel: "Record the visit",
    submit: (values, key) => post(`/episodes/${episodeId}/record-visit`, values, key),
  });
  return done && { ...done, words: `Visit to ${child.name} on ${day(done.values.occurred_at)} recorded.` };
}

export async function recordCaseNote(child, episodeId) {
  const done = await formDialog({
    title: `Case note for ${child.name}`,
    fields: [dateField(), { name: "note", label: "Note", type: "textarea", required: true }],
    submitLabel: "Record the note",
    submit: (values, key) => post(`/episodes/${episodeId}/record-case-note`, values, key),
  });
  return done && { ...done, words: `Case note for ${child.name} recorded.` };
}

export async function recordDecision(child, episodeId) {
  const done = await formDialog({
    title: `Decision for ${child.name}`,
    fields: [
      dateField("Date of the decision"),
      { name: "decision", label: "Decision", type: "text", required: true },
      { name: "rationale", label: "Why", type: "textarea", required: true },
      { name: "information", label: "Information it was based on", type: "textarea" },
    ],
    submitLabel: "Record the decision",
    submit: (values, key) => post(`/episodes/${episodeId}/record-decision`, values, key),
  });
  return done && { ...done, words: `Decision for ${child.name} recorded.` };
}

// A manager moves a clock's due date, with a reason; the original date is kept.
export async function extendClock(clock, childName, approver) {
  const done = await formDialog({
    title: `Extend ${clock.rule} for ${childName}`,
    intro: `${clock.title}: due ${day(clock.due)}` +
      (clock.original_due !== clock.due ? ` (originally ${day(clock.original_due)})` : "") +
      `. The original date stays on the record; the extension is approved by you (${approver}).`,
    fields: [
      { name: "new_due", label: "New due date", type: "date", required: true, min: today() },
      { name: "reason", label: "Reason", type: "textarea", required: true,
        hint: "Say why the work needs longer: it is shown with the clock from now on." },
    ],
    submitLabel: "Extend the clock",
    submit: (values, key) => post(`/episodes/${clock.episode_id}/extend-clock`, {
      occurred_at: today(), rule: clock.rule, new_due: values.new_due, approved_by: approver,
      reason: values.reason,
    }, key),
  });
  return done && { ...done, words: `${clock.rule} for ${childName} extended to ${day(done.values.new_due)}.` };
}

// A manager gives waiting work to a worker of their team.
export async function allocate(episode, childName, workers) {
  const options = workers
    .slice()
    .sort((a, b) => a.per_fte - b.per_fte || a.name.localeCompare(b.name))
    .map((w) => ({
      value: w.worker_id,
      label: `${w.name}: ${w.children} children, ${w.per_fte} per full-time${w.absent ? " (absent now)" : ""}`,
    }));
  const done = await formDialog({
    title: `Allocate ${childName}`,
    intro: `Waiting since ${day(episode.waiting_since)} (${episode.days_waiting} days).`,
    fields: [
      { name: "worker", label: "Worker", type: "select", options, value: options[0] && options[0].value, required: true,
        hint: "Listed from the lightest caseload." },
      dateField("Allocated on"),
    ],
    submitLabel: "Allocate",
    submit: (values, key) => post(`/episodes/${episode.episode_id}/allocate`, values, key),
  });
  const worker = done && workers.find((w) => w.worker_id === done.values.worker);
  return done && { ...done, words: `${childName} allocated${worker ? ` to ${worker.name}` : ""}.` };
}

async function post(path, values, key) {
  const receipt = await api(path, { method: "POST", body: values, key });
  return { receipt, values };
}
