// Requests to the Casetrail API: the bearer token, an auditor's purpose and a practitioner's
// break-glass reason as headers; answers as JSON; errors as problems with their fields.

import { current, purpose, signOut } from "./session.js";

export class Problem extends Error {
  constructor(status, body) {
    super(problemText(status, body));
    this.status = status;
    this.body = body || {};
    this.errors = (body && body.errors) || [];
  }
}

function problemText(status, body) {
  if (status === 404) return "Not found, or not a record you may open.";
  if (status === 403) return "Your role may not do this.";
  if (status === 409) return "The record changed while you were working on it: reload and try again.";
  const errors = (body && body.errors) || [];
  if (errors.length) return errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join("; ");
  return (body && (body.detail || body.title)) || `The server answered ${status}.`;
}

export async function api(path, { method = "GET", body, glass, key, headers = {} } = {}) {
  const session = current();
  const sent = { Accept: "application/json", ...headers };
  if (session) sent.Authorization = `Bearer ${session.token}`;
  if (session && session.claims.role === "auditor" && purpose()) sent["X-Purpose"] = purpose();
  if (glass) sent["X-Break-Glass-Reason"] = glass;
  if (body !== undefined) {
    sent["Content-Type"] = "application/json";
    // A form sends the same key each time it is submitted, so that a retry after a lost answer
    // records once.
    if (method === "POST") sent["Idempotency-Key"] = key || randomKey();
  }
  const response = await fetch(path, {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
  });
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { title: text };
    }
  }
  if (response.status === 401 && session) {
    signOut();
    window.location.hash = "#/sign-in";
  }
  if (!response.ok) throw new Problem(response.status, data);
  return data;
}

// Many reads at once, a few at a time, so that a long list does not flood the server.
export async function eachLimited(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// crypto.randomUUID exists only on secure origins; getRandomValues everywhere.
export function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
