// The tamper-evidence of the log: the latest signed tree head, and a proof that one event is in
// the tree it signs. Both are checked again here, in the browser: the head's Ed25519 signature
// against the published key, and the proof's path up to the signed root (RFC 9162, SHA-256).

import { api, Problem } from "../api.js";
import { h, moment, replace } from "../dom.js";

let latest = null;
let headChecked = null;

export function evidenceSection() {
  const head = h("div", {}, h("p", { text: "Reading the latest signed tree head…" }));
  const proof = h("div", { id: "proof", tabindex: "-1", "aria-live": "polite" });
  showHead(head);
  return {
    head,
    proof,
    async show(entry) {
      replace(proof, h("p", { text: `Fetching the proof for entry ${entry.position}…` }));
      proof.focus();
      replace(proof, await proofPanel(entry, head));
    },
  };
}

async function showHead(holder) {
  try {
    latest = await api("/evidence/tree-heads/latest");
    headChecked = await checkSignature(latest);
    replace(holder, headView(latest, headChecked));
  } catch (error) {
    latest = null;
    replace(holder, h("p", { class: "none", text: error instanceof Problem && error.status === 503
      ? "Evidence is not kept on this server."
      : `The tree head could not be read: ${error.message}` }));
  }
}

function headView(head, checked) {
  return h("div", { class: "tree-head" },
    h("h3", { text: "Latest signed tree head" }),
    h("p", { class: checked.ok ? "verified" : "unverified", text: checked.words }),
    h("dl", { class: "facts" },
      h("dt", { text: "Events sealed" }), h("dd", { text: String(head.tree_size) }),
      h("dt", { text: "Signed" }), h("dd", { text: moment(head.issued_at) }),
      h("dt", { text: "Root hash" }), h("dd", {}, h("code", { class: "hash", text: head.root_hash })),
      h("dt", { text: "Key id" }), h("dd", {}, h("code", { class: "hash", text: head.key_id })),
      h("dt", { text: "Signature" }), h("dd", {}, h("code", { class: "hash", text: head.signature }))));
}

async function proofPanel(entry, headHolder) {
  if (!latest) return h("p", { class: "none", text: "There is no signed tree head to prove against." });
  let proof;
  try {
    proof = await api(`/evidence/inclusion?position=${entry.position}&tree_size=${latest.tree_size}`);
  } catch (error) {
    if (!(error instanceof Problem) || ![404, 422].includes(error.status)) throw error;
    return h("div", {},
      h("p", { text: `Entry ${entry.position} is not in the latest tree head yet (${latest.tree_size} events sealed).` }),
      h("button", {
        type: "button", class: "secondary", text: "Seal the log now",
        onclick: async () => {
          await api("/evidence/tree-heads", { method: "POST" });
          await showHead(headHolder);
          const holder = document.getElementById("proof");
          replace(holder, await proofPanel(entry, headHolder));
        },
      }));
  }
  const root = await rootFrom(proof);
  const reaches = root === latest.root_hash.toLowerCase();
  return h("div", { class: "proof", "data-verified": String(reaches && headChecked.ok) },
    h("h3", { text: `Proof for entry ${entry.position}` }),
    h("p", { class: reaches ? "verified" : "unverified",
      text: reaches
        ? `Checked in this browser: the entry is leaf ${proof.leaf_index} of the ${proof.tree_size} events under the signed root.`
        : "The proof does not lead to the signed root: the log or the proof has been altered." }),
    h("dl", { class: "facts" },
      h("dt", { text: "Leaf hash" }), h("dd", {}, h("code", { class: "hash", text: proof.leaf_hash })),
      h("dt", { text: "Audit path" }), h("dd", {}, h("pre", { class: "hash", text: proof.audit_path.join("\n") || "(none: a tree of one event)" }))));
}

// RFC 9162 section 2.1.3.2: from the leaf hash and its audit path up to the root, hex.
async function rootFrom(proof) {
  let fn = proof.leaf_index;
  let sn = proof.tree_size - 1;
  let hash = fromHex(proof.leaf_hash);
  for (const siblingHex of proof.audit_path) {
    const sibling = fromHex(siblingHex);
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      hash = await nodeHash(sibling, hash);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = await nodeHash(hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? toHex(hash) : null;
}

// The head's signature over RFC 9162's TreeHeadDataV2, with the key the server publishes (whose
// id must be the SHA-256 of its DER form, as the head names it).
async function checkSignature(head) {
  try {
    const published = await api("/evidence/public-key");
    const der = fromBase64(published.public_key.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""));
    const id = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", der)));
    if (id !== head.key_id) return { ok: false, words: "The tree head names another key than the one published." };
    const key = await crypto.subtle.importKey("spki", der, { name: "Ed25519" }, false, ["verify"]);
    const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, fromBase64(head.signature), signedData(head));
    return ok
      ? { ok: true, words: "Signature checked in this browser with the published key." }
      : { ok: false, words: "The signature does not verify with the published key." };
  } catch (error) {
    return { ok: false, words: `The signature could not be checked here (${error.message}); use \`casetrail verify\`.` };
  }
}

function signedData(head) {
  const root = fromHex(head.root_hash);
  const data = new Uint8Array(8 + 8 + 1 + root.length + 2);
  const view = new DataView(data.buffer);
  view.setBigUint64(0, BigInt(head.timestamp));
  view.setBigUint64(8, BigInt(head.tree_size));
  data[16] = root.length;
  data.set(root, 17);
  return data; // the last two bytes stay zero: no extensions
}

async function nodeHash(left, right) {
  const joined = new Uint8Array(1 + left.length + right.length);
  joined[0] = 1;
  joined.set(left, 1);
  joined.set(right, 1 + left.length);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
}

function fromHex(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
