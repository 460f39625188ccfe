// The signed-in person: their token (kept for this browser tab only) and what it says about them.
// The claims are read for display and navigation only; the API checks every request itself.

const TOKEN = "casetrail.token";
const PURPOSE = "casetrail.purpose";

function claimsOf(token) {
  const parts = String(token).trim().split(".");
  if (parts.length !== 3) throw new Error("That is not a token: a token has three parts.");
  const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const json = new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
  return JSON.parse(json);
}

export function current() {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) return null;
  try {
    const claims = claimsOf(token);
    if (claims.exp && claims.exp * 1000 <= Date.now()) {
      signOut();
      return null;
    }
    return { token, claims, profile: profile() };
  } catch {
    signOut();
    return null;
  }
}

export function signIn(token) {
  claimsOf(token); // refuses what is not a token before it is kept
  sessionStorage.setItem(TOKEN, token.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(PURPOSE);
  sessionStorage.removeItem("casetrail.profile");
}

// What GET /me answered, kept for the tab so that each page need not ask again.
export function keepProfile(found) {
  sessionStorage.setItem("casetrail.profile", JSON.stringify(found));
}

export function profile() {
  const kept = sessionStorage.getItem("casetrail.profile");
  return kept ? JSON.parse(kept) : null;
}

// An auditor's stated purpose (the review's reference), sent with every read.
export function purpose() {
  return sessionStorage.getItem(PURPOSE) || "";
}

export function setPurpose(value) {
  sessionStorage.setItem(PURPOSE, value.trim());
}
