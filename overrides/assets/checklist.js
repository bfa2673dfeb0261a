// Interactive checklist pages (docs/checklists/using.md; the document rules: docs/reference/project-document.md,
// held equal to the command by tests/golden/documents). Progressive enhancement; untrusted text is set as text only.
(() => {
  "use strict";
  // Writes format 2 (one entry per item ID, the checklists listing IDs); reads 2 and the older 1.
  const W = window, D = document, FORMAT = "project-checklist/2", FORMAT_1 = "project-checklist/1";
  const STATUSES = ["todo", "done", "na"], SEVS = ["must", "should", "may"], LABEL = { todo: "To do", done: "Done", na: "N/A" };
  const TEAM = /^X/;  // a team's own items (XPAY-001): not this site's, kept and shown read-only
  const ID_RE = /^[A-Z]{2,5}-[0-9]{3,4}$/, TS_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, DATE_RE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  const realDate = s => { const d = new Date(s + "T00:00:00Z"); return !isNaN(d) && d.toISOString().slice(0, 10) === s; };
  const MAX_FILE = 5 << 20, MB = n => (n / 1048576).toFixed(1) + " MB";
  const BATCH = 40;  // item controls mounted per task after the first screen (see init)
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k), dict = () => Object.create(null);
  const isObj = v => v !== null && typeof v === "object" && !Array.isArray(v);
  const blank = e => !e || (e.status === "todo" && !e.note && !e.updated && !e.waiver);  // no state at all (§5 rule 4)
  const kept = e => !!e && (!blank(e) || !!e.auto);  // an item's entry worth storing: state, or a probe's record
  // An item's state (status, note, updated, an optional waiver) and its probe record (auto), which follows the ID.
  const bare = e => { const r = { status: e.status, note: e.note, updated: e.updated }; if (e.waiver) r.waiver = e.waiver; if (e.auto) r.auto = e.auto; return r; };
  const sameWaiver = (a, b) => JSON.stringify(a || null) === JSON.stringify(b || null);
  // Lengths as JSON Schema's maxLength counts them: code points, not UTF-16 units.
  const cps = s => { let n = 0; for (const _ of s) n++; return n; };
  const cut = (s, n) => s.length <= n || cps(s) <= n ? s : Array.from(s).slice(0, n).join("");
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const $ = (s, e = D) => e.querySelector(s), $$ = (s, e = D) => Array.from(e.querySelectorAll(s));
  const mk = (tag, props, ...kids) => { const e = Object.assign(D.createElement(tag), props); e.append(...kids); return e; };
  const parse = s => { try { return JSON.parse(s); } catch (e) { return undefined; } };
  const measure = (n, t0) => { try { performance.measure(n, { start: t0 }); } catch (e) { /* User Timing 2 */ } };
  const pl = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const pct = c => c.t - c.n ? Math.round(100 * c.d / (c.t - c.n)) : 100;
  const fmt = c => `${c.d} of ${c.t - c.n} done (${pct(c)}%)` + (c.n ? `, ${c.n} n/a` : "");

  // One key per project; a bad value is kept as ".corrupt.<name>" before it is overwritten.
  let LS = null;
  try { LS = W.localStorage; LS.getItem(""); } catch (e) { LS = null; }
  // Without storage (disabled, full) the page still works for this visit and says it cannot save.
  const sget = k => { try { return LS.getItem(k); } catch (e) { return null; } };
  const sset = (k, v) => { try { LS.setItem(k, v); return true; } catch (e) { say("Not saved: the browser's storage is full or disabled."); return false; } };
  const sdel = k => { try { LS.removeItem(k); } catch (e) { /* gone */ } };
  const SRC = D.currentScript && D.currentScript.src;  // this script's URL: the validator lies beside it
  const ROOT = W.__md_scope instanceof URL ? W.__md_scope : new URL("/", location);
  const PRE = ROOT.pathname + ".checklist.v1", PK = PRE + ".project.", CUR = PRE + ".current";
  const pkey = n => PK + encodeURIComponent(n);
  const okName = n => typeof n === "string" && /\S/.test(n) && n.length <= 200;

  function names(extra) {
    const set = new Set([extra]);
    let keys = [];
    try { keys = Object.keys(LS); } catch (e) { /* no storage */ }
    for (const k of keys) if (k.startsWith(PK)) { try { const n = decodeURIComponent(k.slice(PK.length)); if (okName(n)) set.add(n); } catch (e) { /* foreign */ } }
    return [...set].sort((a, b) => a.localeCompare(b));
  }
  function waiverOf(w) {  // a well-formed waiver, or undefined
    const text = (v, n) => typeof v === "string" && v.length > 0 && cps(v) <= n;
    return isObj(w) && text(w.reason, 500) && text(w.owner, 100) && typeof w.until === "string" && DATE_RE.test(w.until) && realDate(w.until)
      ? { reason: w.reason, owner: w.owner, until: w.until } : undefined;
  }
  function entry(v, orphan) {
    if (!isObj(v) || !STATUSES.includes(v.status)) return null;
    const e = { status: v.status, note: typeof v.note === "string" ? cut(v.note, 2000) : "",
      updated: typeof v.updated === "string" && TS_RE.test(v.updated) ? v.updated : null };
    if (e.status === "na" && !/\S/.test(e.note)) e.status = "todo";
    const w = waiverOf(v.waiver);
    if (w) e.waiver = w;
    if (!orphan && isObj(v.auto)) e.auto = v.auto;
    if (orphan) for (const [k, n] of [["checklist", 64], ["title", 200]]) if (typeof v[k] === "string") e[k] = cut(v[k], n);
    if (orphan && SEVS.includes(v.severity)) e.severity = v.severity;  // a team item's (kept here, not exported)
    return e;
  }
  const canon = v => JSON.stringify(v, (k, x) => isObj(x) ? Object.fromEntries(Object.keys(x).sort().map(k => [k, x[k]])) : x);
  const okUrl = u => typeof u === "string" && u.length <= 2000 && /^https?:\/\//i.test(u);
  // A stored value that does not load cleanly (anything dropped or changed) is kept in st.raw, to be
  // set aside as ".corrupt.<name>" before the first save replaces it.
  function load(name) {
    const raw = sget(pkey(name)), v = parse(raw), st = { items: dict(), orphans: dict(), versions: dict(), url: "", raw: null, stored: raw !== null, text: raw };
    let lossy = raw !== null && !isObj(v);
    if (isObj(v)) {
      for (const k of Object.keys(v)) if (!["items", "orphans", "versions", "url"].includes(k) || !isObj(v[k]) && k !== "url") lossy = true;
      for (const f of ["items", "orphans"]) if (isObj(v[f])) for (const id of Object.keys(v[f])) {
        const e = ID_RE.test(id) && entry(v[f][id], f === "orphans");
        const x = { note: "", updated: null, ...v[f][id] };
        if (f === "orphans") delete x.auto;  // an item's probe record does not follow it into the orphans
        if (!e || canon(x) !== canon(e)) lossy = true;
        if (e && !(f === "items" && !kept(e))) st[f][id] = e;
      }
      if (isObj(v.versions)) for (const k of Object.keys(v.versions)) if (typeof v.versions[k] === "string") st.versions[k] = v.versions[k]; else lossy = true;
      if (okUrl(v.url)) st.url = v.url; else if (has(v, "url")) lossy = true;
    }
    if (lossy) st.raw = raw;
    return st;
  }
  // The bad value goes aside first (a second one beside the first, stamped); if it cannot, nothing is written.
  function save(name, st) {
    if (st.raw !== null) {
      let k = PRE + ".corrupt." + encodeURIComponent(name);
      if (sget(k) !== null && sget(k) !== st.raw) k += "." + now();
      if (!sset(k, st.raw)) return (say(`Not saved: project “${name}” holds stored data this page cannot read, and the browser's storage is too full to keep a copy of it aside, so it was left as it was.`), false);
      st.raw = null;
    }
    const items = dict(), out = { items, orphans: st.orphans, versions: st.versions };
    for (const id of Object.keys(st.items)) if (kept(st.items[id])) items[id] = bare(st.items[id]);
    if (st.url) out.url = st.url;
    const text = JSON.stringify(out);
    return (st.stored = sset(pkey(name), text)) && (st.text = text, true);
  }
  function keep(st, id, e) {
    if (kept(e)) st.items[id] = bare(e); else delete st.items[id];
    delete st.orphans[id];
  }
  // §5 upgrade rules, as the command applies them (document/state.py upgrade_document), over one bag of
  // states: st.items (an item's state wins) and st.orphans. active(id) is true for an item of the
  // document, false for an ID that is not one, undefined when this page cannot tell (left where it is).
  // retired maps every retired ID to the active item that carries it on, or null.
  function merge(st, active, retired) {
    const items = dict(), orphans = dict(), left = [], moved = [], orphaned = [], restored = [];
    const states = Object.keys(st.items).map(id => [id, st.items[id], false])
      .concat(Object.keys(st.orphans).filter(id => !has(st.items, id)).map(id => [id, st.orphans[id], true]));
    for (const [id, e, was] of states) {  // rule 1: same ID, same state; an orphan whose item is back is restored
      const a = has(retired, id) ? false : active(id);
      if (a === true) { items[id] = bare(e); if (was && !blank(e)) restored.push(id); }
      else if (a === undefined) { if (was) orphans[id] = e; else items[id] = bare(e); }
      else left.push([id, e, was]);
    }
    for (const [id, e, was] of left) {
      if (blank(e) && !TEAM.test(id)) continue;  // rule 4: no state, nothing to keep (but a team's own item is kept)
      const to = has(retired, id) ? retired[id] : null, t = to && (items[to] || { status: "todo", note: "", updated: null });
      // rule 2: to the replacement while it is todo and the notes (and waivers) do not differ; its own stay
      if (t && t.status === "todo" && (!t.note || !e.note || t.note === e.note) && (!t.waiver || !e.waiver || sameWaiver(t.waiver, e.waiver))) {
        items[to] = bare({ status: e.status, note: e.note || t.note, updated: e.updated, waiver: e.waiver || t.waiver, auto: t.auto });
        moved.push(id + " → " + to);
      } else { orphans[id] = e; if (!was) orphaned.push(id); }  // rule 3
    }
    st.items = items; st.orphans = orphans;
    return { moved, orphaned, restored };
  }

  // Reading a file as the command does (document/state.py parse_document): strict UTF-8, one BOM
  // ignored, duplicate keys refused, the format told apart, then the published JSON Schema (a validator
  // generated from it, vendor/ajv/, imported on the first import) and the rules it cannot state.
  // One generated validator per format, each from its own published schema.
  const MODULES = { [FORMAT_1]: "project-checklist-validate.js", [FORMAT]: "project-checklist-2-validate.js" }, validatorP = {};
  const validator = f => validatorP[f] || (validatorP[f] = import(new URL("vendor/ajv/" + MODULES[f], SRC || new URL("assets/checklist.js", ROOT)))
    .then(m => m.default, e => { delete validatorP[f]; throw e; }));
  function badByte(b) {  // index of the first byte that does not start a valid UTF-8 sequence, or -1
    for (let i = 0; i < b.length;) {
      const c = b[i];
      if (c < 0x80) { i++; continue; }
      const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
      const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80, hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
      if (!n || !(b[i + 1] >= lo && b[i + 1] <= hi)) return i;
      for (let k = 2; k <= n; k++) if (!(b[i + k] >= 0x80 && b[i + k] <= 0xbf)) return i;
      i += n + 1;
    }
    return -1;
  }
  function duplicateKey(text) {  // JSON.parse keeps the last of two equal keys; the command refuses them
    const stack = [], re = /[{}[\]"]/g, str = /"(?:[^"\\]|\\.)*"/y, colon = /\s*:/y;
    for (let m; (m = re.exec(text));) {
      const c = m[0], top = stack[stack.length - 1];
      if (c === "{") stack.push(new Set());
      else if (c === "[") stack.push(null);
      else if (c === "}" || c === "]") stack.pop();
      else {
        str.lastIndex = m.index;
        str.exec(text);
        re.lastIndex = colon.lastIndex = str.lastIndex;
        if (top && colon.test(text)) {
          const key = JSON.parse(text.slice(m.index, str.lastIndex));
          if (top.has(key)) return key;
          top.add(key);
        }
      }
    }
    return null;
  }
  const DATE_WORDS = "a date like 2027-01-31";
  const KINDS = { string: "text", object: "an object", array: "a list", number: "a number", boolean: "a boolean", null: "null" };
  const TYPES = { string: "text", object: "an object", array: "a list", integer: "a whole number", number: "a number", boolean: "a boolean", null: "null" };
  const kindOf = v => KINDS[v === null ? "null" : Array.isArray(v) ? "array" : typeof v] || "a value";
  const showV = v => typeof v === "string" ? JSON.stringify(cps(v) <= 60 ? v : Array.from(v).slice(0, 57).join("") + "...") : kindOf(v);
  const PATTERNS = {  // the schema's patterns in words, as the command says them (document/state.py _wording); tests/browser/test_golden_documents.py holds the two equal
    "^[A-Z]{2,5}-[0-9]{3,4}$(?!\\n)": "an item ID like SEC-001",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$(?!\\n)": "an ISO 8601 timestamp like 2026-11-22T10:00:00Z",
    "^[a-z0-9]+(-[a-z0-9]+)*$(?!\\n)": "a lower-case slug like security",
    "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$(?!\\n)": "a version like 1.2.0",
    "[^\\s\\u001c-\\u001f\\u0085\\ufeff]": "the reason the item does not apply, since its status is \"na\"",
    "^[^\\u0000-\\u001f\\u007f\\u0085\\u2028\\u2029]*$(?!\\n)": "one line of text, without line breaks or control characters",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$(?!\\n)": DATE_WORDS,
    "^(?!\\.\\.?(/|$))[A-Za-z0-9._-]+(/(?!\\.\\.?(/|$))[A-Za-z0-9._-]+)*$(?!\\n)": "a folder relative to the document's, like team-checklists (no . or ..)",
  };
  function whereOf(doc, path) {  // whom a finding is about: item SEC-001, checklist security, orphan SEC-099
    if (path.length < 2 || !["checklists", "orphans", "items"].includes(path[0])) return "";
    const named = (kind, e) => { const v = isObj(e) ? e.id : undefined; return typeof v === "string" && v && cps(v) <= 64 && /^[^\p{C}\p{Z}]*$/u.test(v.replace(/ /g, "")) ? `${kind} ${v}` : null; };
    const e = doc[path[0]][path[1]];
    if (path[0] === "orphans") return named("orphan", e) || `orphans[${path[1]}]`;
    if (path[0] === "items") return named("item", e) || `items[${path[1]}]`;
    const where = named("checklist", e) || `checklists[${path[1]}]`;
    return path.length >= 4 && path[2] === "items" ? named("item", e.items[path[3]]) || `${where} items[${path[3]}]` : where;
  }
  function schemaError(doc, err) {
    const path = err.instancePath.split("/").slice(1).map(s => s.replace(/~1/g, "/").replace(/~0/g, "~")).map(s => /^\d+$/.test(s) ? +s : s);
    const value = path.reduce((v, k) => v[k], doc), k = err.keyword, pr = err.params, key = path.filter(x => typeof x === "string").pop();
    const name = key === undefined ? "the top level" : JSON.stringify(key);
    const msg = k === "additionalProperties" ? `unknown field ${JSON.stringify(pr.additionalProperty)}`
      : k === "required" ? `missing required field ${JSON.stringify(pr.missingProperty)}`
      : k === "type" ? `${name} must be ${[].concat(pr.type).map(t => TYPES[t]).join(" or ")}, not ${kindOf(value)}`
      : k === "enum" ? `${name} is ${showV(value)}; expected one of: ${pr.allowedValues.join(", ")}`
      : k === "const" ? `${name} must be ${showV(pr.allowedValue)}, not ${showV(value)}`
      : k === "pattern" ? (PATTERNS[pr.pattern] ? `${name} is ${showV(value)}; expected ${PATTERNS[pr.pattern]}` : `${name} value ${showV(value)} does not match the pattern ${pr.pattern}`)
      : k === "maxLength" ? `${name} is ${cps(value)} characters long; the limit is ${pr.limit}`
      : k === "minLength" ? `${name} must not be empty`
      : k === "maxItems" ? `${name} has ${value.length} entries; the limit is ${pr.limit}`
      : k === "uniqueItems" ? `${name} lists the same entry twice`
      : `${name}: ${err.message}`;
    const where = whereOf(doc, path);
    return where ? `${where}: ${msg}` : msg;
  }
  function membership(doc) {  // what the schema cannot say about format 2 (document/state.py _membership)
    const lists = new Set(), listed = new Map(), seen = new Map(), found = [];
    for (const c of doc.checklists) {
      if (lists.has(c.id)) found.push(`checklist "${c.id}" appears twice; keep one`);
      lists.add(c.id);
      const own = new Set();
      for (const id of c.items) {
        if (own.has(id)) found.push(`checklist ${c.id}: item ${id} is listed twice; keep one`);
        own.add(id);
        if (!listed.has(id)) listed.set(id, c.id);
      }
    }
    for (const [kind, list] of [["items", doc.items], ["orphans", doc.orphans]]) for (const e of list) {
      if (seen.has(e.id)) found.push(`item ${e.id} appears twice (in ${seen.get(e.id)} and in ${kind}); keep one`);
      else seen.set(e.id, kind);
    }
    for (const [id, c] of listed) if (seen.get(id) !== "items") found.push(`checklist ${c}: item ${id} is listed but has no entry in "items"; add one or take it off the list`);
    for (const i of doc.items) if (!listed.has(i.id)) found.push(`item ${i.id} is in "items" but no checklist lists it; add it to a checklist's list or remove it`);
    for (const [kind, list] of [["item", doc.items], ["orphan", doc.orphans]]) for (const e of list)
      if (e.waiver && !realDate(e.waiver.until)) found.push(`${kind} ${e.id}: "until" is ${JSON.stringify(e.waiver.until)}; expected ${DATE_WORDS}`);
    return found[0] || null;
  }
  function duplicates(doc) {  // what the schema cannot say about format 1: each checklist once, each item ID once
    const seen = new Map(), lists = new Set();
    const once = (id, where) => seen.has(id) ? `item ${id} appears twice (${seen.get(id)} and ${where}); keep one` : void seen.set(id, where);
    for (const c of doc.checklists) {
      if (lists.has(c.id)) return `checklist "${c.id}" appears twice; keep one`;
      lists.add(c.id);
      for (const i of c.items) { const m = once(i.id, "in checklist " + c.id); if (m) return m; }
    }
    for (const o of doc.orphans) { const m = once(o.id, "in orphans"); if (m) return m; }
    return null;
  }
  // Bytes of a file -> the document, or a one-line reason it is refused (the command's words).
  async function check(bytes) {
    let text;
    try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch (e) {
      const i = badByte(bytes);
      if (i < 0) return "not UTF-8 text.";
      const nl = bytes.lastIndexOf(10, i - 1), line = bytes.subarray(0, i).filter(b => b === 10).length + 1;
      return `not UTF-8 text: byte 0x${bytes[i].toString(16).padStart(2, "0")} at line ${line}, column ${i - nl}`;
    }
    if (!/\S/.test(text)) return "the file is empty.";
    let doc;
    try { doc = JSON.parse(text); } catch (e) { return "not valid JSON: " + e.message; }
    const dup = duplicateKey(text);
    if (dup !== null) return `key '${dup}' appears twice in one object`;
    if (!isObj(doc)) return `not a project checklist document: the top level is ${Array.isArray(doc) ? "a list" : doc === null ? "null" : typeof doc}, not an object`;
    if (!has(doc, "format")) return `not a project checklist document: no "format": "${FORMAT}" field`;
    if (!has(MODULES, doc.format)) {
      const m = typeof doc.format === "string" && /^project-checklist\/([0-9]+)$/.exec(doc.format);
      return m && +m[1] > 2 ? `format '${doc.format}' is newer than this site reads (${FORMAT}).`
        : `not a project checklist document: format is ${JSON.stringify(doc.format)}, expected "${FORMAT}" (or the older "${FORMAT_1}")`;
    }
    let validate;
    try { validate = await validator(doc.format); } catch (e) { return "the site's validator could not be loaded; try again."; }
    if (!validate(doc)) return schemaError(doc, validate.errors[0]);
    return (doc.format === FORMAT_1 ? duplicates(doc) : membership(doc)) || doc;
  }

  let page = null, catalogP = null;
  const catalog = () => catalogP || (catalogP = fetch(new URL("checklists/all.json", ROOT))
    .then(r => r.ok ? r.json() : null).then(d => (d && Array.isArray(d.checklists) ? d : null), () => null)
    .then(d => { if (!d) catalogP = null; return d; }));
  const say = (text, ...kids) => { if (page) page.msg.replaceChildren(mk("p", { textContent: text }), ...kids); };
  const statusOf = id => { const e = page.st.items[id]; return e ? e.status : "todo"; };
  const box = (name, list, label) => `<fieldset><legend>${name}</legend>${list.map(s => `<label><input type="checkbox" name="${name.toLowerCase()}" value="${s}"> ${label ? label[s] : s}</label>`).join("")}</fieldset>`;
  const BAR = `<div class="cl-proj"><label>Project <select class="cl-psel"></select></label>
<button data-act="new">New</button><button data-act="rename">Rename</button><button data-act="delete">Delete</button><a href="${new URL("checklists/using/", ROOT).pathname}">How this works</a>
<form class="cl-pform" hidden><label>Project name <input class="cl-pname" required maxlength="200" autocomplete="off"></label><button>Save</button><button type="button" data-act="cancel">Cancel</button></form></div>
<div class="cl-prog" role="status"><span class="cl-meter" aria-hidden="true"><span></span></span><span class="cl-ptext"></span></div>
<div class="cl-more"><button type="button" data-act="tools" aria-expanded="false">Filters and actions</button></div>
<form class="cl-filters cl-one" role="search" aria-label="Filter items">${box("Severity", SEVS)}${box("Status", STATUSES, LABEL)}
<label>Tag <select name="tag"><option value="">any</option></select></label><label>Phase <select name="phase"><option value="">any</option></select></label>
<label>Text <input type="search" name="q" autocomplete="off"></label><button type="reset">Clear filters</button><span class="cl-shown"></span></form>
<div class="cl-actions"><button data-act="export" class="cl-one">Export this checklist</button><button data-act="all">Export all checklists</button><button data-act="import">Import JSON…</button><input type="file" accept=".json,application/json" hidden><button data-act="copy" class="cl-one">Copy for pull request</button><button data-act="url">Open from URL…</button><button data-act="reload" hidden>Reload from URL</button>
<form class="cl-uform" hidden><label>Project document URL <input type="url" class="cl-url" required maxlength="2000" autocomplete="off" placeholder="https://raw.githubusercontent.com/…/project.json"></label><button>Open</button><button type="button" data-act="ucancel">Cancel</button></form></div>
<div class="cl-msg" role="status"></div>`;
  const CTL = mk("div", { className: "cl-ctl" });
  CTL.innerHTML = `<fieldset class="cl-st">${STATUSES.map(s => `<label><input type="radio" value="${s}"${s === "todo" ? " checked" : ""}> ${LABEL[s]}</label>`).join("")}</fieldset><label class="cl-note"><span>Note</span><input type="text" autocomplete="off" placeholder=" "></label><button type="button" class="cl-wbtn">Waiver…</button>`;

  // The engine embeds page data as JSON text in a <template> (inert, never run as script).
  function dataText(cid) {
    const el = $(cid ? ".cl-data" : ".cl-index-data");
    return el ? el.content.textContent : "";
  }

  function init() {
    const t0 = performance.now(), app = $(".cl-app");
    for (const n of $$(".md-code__nav")) n.setAttribute("role", "none");  // axe: no landmark per code block,
    for (const n of $$("nav.md-nav[aria-labelledby]")) {  // and no unnamed section navigation
      const l = D.getElementById(n.getAttribute("aria-labelledby")), a = n.parentNode.querySelector(".md-nav__link");
      if (l && !l.textContent.trim() && a) n.setAttribute("aria-label", a.textContent.trim());
    }
    if (app && app.firstChild) return;
    page = null;
    const cid = app && app.dataset.checklist, data = app && parse(dataText(cid));
    if (!isObj(data)) return;
    app.innerHTML = BAR;
    const p = page = { app, data, cid, msg: $(".cl-msg", app), project: "", st: null, items: [], byId: dict(), secs: [],
      retired: isObj(data.retired) ? data.retired : {}, f: null, file: $("input[type=file]", app) };
    if (cid) {
      const c = data.checklist, arts = dict(), hash = location.hash.slice(1), tags = new Set(), phases = new Set();
      let at = 0;
      for (const a of $$("article.cl-item")) arts[a.dataset.id] = a;
      for (const i of c.items) {
        const el = arts[i.id];
        if (!el) continue;
        const it = { ...i, el, r: null, anchor: i.id.toLowerCase() };
        if (it.anchor === hash) at = p.items.length;
        p.items.push(it); p.byId[i.id] = it;
        i.tags.forEach(t => tags.add(t));
        if (i.phase) phases.add(i.phase);
      }
      // Controls for the first screen (a tall one shows about eight items) and around a #target now, the
      // rest in batches of BATCH, each its own task: the first-load task stays within the 100 ms budget
      // of bench/lighthouse_bench.py on the largest checklist page.
      p.first = p.items.slice(0, 12).concat(p.items.slice(Math.max(0, at - 4), at + 12));
      for (const s of c.sections) {
        const sel = `[data-section="${CSS.escape(s.anchor)}"]`, h = $("h2.cl-section-title" + sel), items = $("div.cl-items" + sel);
        if (!h || !items) continue;
        let sp = $("p.cl-secp" + sel);  // rendered empty by the engine (render/html.py), but not in a page cached before
        if (!sp) h.after(sp = mk("p", { className: "cl-secp" }));
        p.secs.push({ title: s.title, els: [h, sp, items], sp });
      }
      const form = $(".cl-filters", app);
      [[form.tag, tags], [form.phase, phases]].forEach(([sel, set]) => [...set].sort().forEach(v => sel.add(new Option(v, v))));
      p.f = readFilters();
      writeFilters();
      const f = p.f;
      if (f.severity.size || f.status.size || f.tag || f.phase || f.q) tools(true);  // a filtered link shows its filters
      form.addEventListener("reset", () => setTimeout(() => { p.f = readFilters(""); writeFilters(); filter(true); }));
      form.addEventListener("submit", e => e.preventDefault());  // Enter in the text field: it filters as typed
    } else { $$(".cl-one", app).forEach(b => b.remove()); $("[data-act=tools]", app).textContent = "Import and export"; }
    app.addEventListener("click", onClick);
    app.addEventListener("change", onBar);
    app.addEventListener("input", onBar);
    $(".cl-pform", app).addEventListener("submit", onName);
    $(".cl-uform", app).addEventListener("submit", e => { e.preventDefault(); e.target.hidden = true; openUrl($(".cl-url", app).value.trim()); });
    $(".cl-pform", app).addEventListener("keydown", e => { if (e.key === "Escape") e.currentTarget.hidden = true; });
    app.addEventListener("dragover", e => { e.preventDefault(); app.classList.add("cl-drop"); });
    app.addEventListener("dragleave", () => app.classList.remove("cl-drop"));
    app.addEventListener("drop", e => { e.preventDefault(); app.classList.remove("cl-drop"); const f = e.dataTransfer.files[0]; if (f) importFile(f); });
    const cur = parse(sget(CUR));
    use(okName(cur) ? cur : "default");
    if (cid) { p.first.forEach(mount); setTimeout(mountRest, 0, p); }
    performance.mark("cl-ready");
    measure("cl-init", t0);
  }

  // The IDs this page knows to be items: its checklist's (all of them on the index), and replacements.
  function pageIds() {
    const p = page, known = new Set();
    for (const c of p.cid ? [p.data.checklist] : p.data.checklists || []) for (const i of c.items || []) known.add(i.id);
    for (const id of Object.keys(p.retired)) if (p.retired[id]) known.add(p.retired[id]);
    return known;
  }
  function use(name) {
    const p = page, known = pageIds();
    p.project = name; p.mine = dict();
    p.st = load(name);
    const before = JSON.stringify([p.st.items, p.st.orphans]), r = merge(p.st, id => known.has(id) || undefined, p.retired);
    const c = p.cid && p.data.checklist, was = c && p.st.versions[c.id], changed = JSON.stringify([p.st.items, p.st.orphans]) !== before;
    if (changed || (c && was !== c.version && p.st.stored)) {
      if (c) p.st.versions[c.id] = c.version;
      save(name, p.st);
    }
    const moved = r.moved.length ? ` Moved to replacements: ${r.moved.join(", ")}.` : "", orphaned = r.orphaned.length ? ` Kept as orphans: ${r.orphaned.join(", ")}.` : "";
    const restored = r.restored.length ? ` Restored from orphans: ${r.restored.join(", ")}.` : "";
    if (c && was && was !== c.version) say(`${c.title} changed from version ${was} to ${c.version}.` + moved + orphaned + restored);
    else if (moved || orphaned || restored) say((moved + orphaned + restored).trim());
    refresh();
  }

  function mount(it) {
    if (it.r) return;
    const ctl = CTL.cloneNode(true), note = ctl.children[1];
    ctl.lastChild.setAttribute("aria-label", "Waiver for " + it.id);
    it.r = Array.from(ctl.firstChild.children, l => l.firstChild);
    for (const x of it.r) x.name = "cl-" + it.id;
    ctl.firstChild.setAttribute("aria-label", "Status of " + it.id);
    it.lab = note.firstChild; it.n = note.lastChild;
    // into the engine's empty slot (render/html.py says why); a page a browser cached before slots existed has none
    ($(".cl-slot", it.el) || it.el).append(ctl);
    show(it, page.st.items[it.id], 1);
  }
  function mountRest(p) {
    let k = 0;
    if (page === p) for (const it of p.items) if (!it.r && (mount(it), ++k === BATCH)) break;
    if (k === BATCH) setTimeout(mountRest, 0, p); else performance.mark("cl-mounted");
  }

  function refresh() {
    const p = page;
    $(".cl-psel", p.app).replaceChildren(...names(p.project).map(n => new Option(n, n, false, n === p.project)));
    $("[data-act=delete]", p.app).disabled = !p.st.stored;
    const rl = $("[data-act=reload]", p.app);
    rl.hidden = !p.st.url; rl.title = p.st.url;
    team();
    for (const it of p.items) show(it, p.st.items[it.id]);
    progress();
    if (p.cid) filter(false);
  }

  // A team's own items from an imported document, read-only: on their checklist's page, all on the index.
  function team() {
    const p = page, o = p.st.orphans, ids = Object.keys(o).filter(id => TEAM.test(id) && (!p.cid || o[id].checklist === p.cid)).sort();
    let b = $(".cl-team", p.app);
    if (!ids.length) return b && b.remove();
    if (!b) p.app.append(b = mk("section", { className: "cl-team" }));
    b.replaceChildren(mk("h2", { textContent: "Team items" }), mk("p", { textContent: "Your team's own items, from the imported document (read-only here; they are kept and exported)." }),
      mk("ul", {}, ...ids.map(id => mk("li", { textContent: `${id} · ${o[id].severity || "severity not given"} · ${o[id].title || "(no title)"} · ${LABEL[o[id].status]}` + (o[id].note ? ` (${o[id].note})` : "") }))));
  }
  const today = () => new Date().toISOString().slice(0, 10);
  // A waiver on an item: "it applies, the risk is accepted until a date"; expired the day after.
  function badge(it, w) {
    let b = it.w;
    if (!w) { if (b) { b.remove(); it.w = null; } return; }
    if (!b) { b = it.w = mk("p", { className: "cl-waiver" }); it.el.querySelector(".cl-ctl").after(b); }
    const expired = w.until < today(), text = (expired ? `Waiver expired on ${w.until}` : `Waived until ${w.until}`) + ` · owner ${w.owner}`;
    if (b.textContent !== text) b.textContent = text;
    b.title = w.reason;
    b.classList.toggle("cl-waiver--expired", expired);
  }
  // A probe's record (`checklist run --update`): its result, its first evidence, and whether it
  // disagrees with the person's status (done, but the probe fails). Evidence is text, never markup.
  function probe(it, a, s) {
    let b = it.a;
    if (!a || !a.result) { if (b) { b.remove(); it.a = null; } return; }
    if (!b) { b = it.a = mk("p", { className: "cl-auto" }); it.el.querySelector(".cl-ctl").after(b); }
    const ev = Array.isArray(a.evidence) && a.evidence[0], where = ev && ev.file ? ` · ${ev.file}${ev.line ? ":" + ev.line : ""}` : "";
    const what = ev && (ev.message || ev.excerpt) ? ` · ${ev.message || ev.excerpt}` : "";
    const disagree = a.result === "fail" && s === "done";
    const text = `Probe: ${a.result}${disagree ? " (marked done)" : ""}${where}${what}`;
    if (b.textContent !== text) b.textContent = text;
    b.dataset.result = a.result;
    b.classList.toggle("cl-auto--disagrees", disagree);
  }
  function show(it, e, fresh) {
    const s = e ? e.status : "todo";
    if ((it.el.dataset.status || "todo") !== s) it.el.dataset.status = s;
    if (!it.r) return;
    badge(it, e && e.waiver);
    probe(it, e && e.auto, s);
    it.r[STATUSES.indexOf(s)].checked = true;
    const note = e ? e.note : "";
    if (it.n.value !== note && D.activeElement !== it.n) it.n.value = note;
    naMode(it, s === "na", false, fresh);
  }
  function naMode(it, na, missing, fresh) {
    const label = missing ? "Reason for N/A (required, not saved yet)" : na ? "Reason for N/A" : "Note";
    if (!fresh && it.lab.textContent === label) return;
    it.n.required = na;
    it.lab.textContent = label;
    it.n.setAttribute("aria-label", label + " on " + it.id);
    if (missing) it.n.setAttribute("aria-invalid", "true"); else it.n.removeAttribute("aria-invalid");
  }

  function onItem(ev) {
    const t0 = performance.now(), t = ev.target, p = page, ctl = p && t.closest && t.closest(".cl-ctl");
    const it = ctl && !(ev.type === "input" && t.type === "radio") && p.byId[ctl.closest("article.cl-item").dataset.id];
    if (!it || !it.r) return;
    const status = it.r.find(r => r.checked).value, note = it.n.value, st = p.st, old = st.items[it.id];
    if (status === "na" && !/\S/.test(note)) {
      naMode(it, true, true);
      if (t.type === "radio") say(`${it.id}: give a reason in its note to mark it N/A.`);
      return;
    }
    naMode(it, status === "na", false);
    if (cps(note) > 2000) return say(`${it.id}: the note is ${cps(note)} characters long; the limit is 2000.`);
    if (old ? old.status === status && old.note === note : blank({ status, note })) return;
    commit(it.id, e => ({ ...e, status, note, updated: now() }));
    it.el.dataset.status = status;
    progress();
    measure("cl-change", t0);
  }
  // A change to one item, made to the stored state as it is now (another tab may have saved since),
  // and remembered for a while: a tab whose save lands at the same moment may not have seen it.
  function commit(id, f) {
    const p = page, st = sget(pkey(p.project)) === p.st.text ? p.st : load(p.project), was = st.items[id] || null;
    keep(st, id, f(was || { status: "todo", note: "", updated: null }));
    p.mine[id] = { e: st.items[id], was: canon(was), t: Date.now() };
    if (p.cid && !st.versions[p.cid]) st.versions[p.cid] = p.data.checklist.version;
    p.st = st;
    if (save(p.project, st)) $("[data-act=delete]", p.app).disabled = false;
  }

  // A waiver from the page (owner, until, reason, all required), as `checklist waive` sets it: the status stays.
  function onWaiver(ev) {
    const t = ev.target, p = page, el = p && t.closest && t.closest("article.cl-item"), it = el && p.byId[el.dataset.id];
    if (!it || !(t.classList.contains("cl-wbtn") || t.closest(".cl-wform"))) return;
    let f = $(".cl-wform", el);
    const w = (p.st.items[it.id] || {}).waiver, close = () => { f.remove(); it.el.querySelector(".cl-wbtn").focus(); };
    if (t.classList.contains("cl-wbtn")) {
      if (f) return close();
      const field = (k, label, type, max) => mk("label", {}, label + " ", mk("input", { name: k, type, required: true, maxLength: max, value: w ? w[k] : "", autocomplete: "off" }));
      f = mk("form", { className: "cl-wform", ariaLabel: "Waiver for " + it.id }, field("owner", "Owner", "text", 100), field("until", "Until", "date", 10),
        field("reason", "Reason", "text", 500), mk("button", { textContent: "Save waiver" }), mk("button", { type: "button", textContent: "Cancel", value: "cancel" }));
      if (w) f.append(mk("button", { type: "button", textContent: "Remove waiver", value: "remove" }));
      t.closest(".cl-ctl").after(f);
      return f.owner.focus();
    }
    if (ev.type === "submit") {
      ev.preventDefault();
      const nw = waiverOf({ owner: f.owner.value.trim(), until: f.until.value, reason: f.reason.value.trim() });
      if (!nw || /[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(nw.owner + nw.reason)) return say(`${it.id}: a waiver needs an owner, a date it holds until and a reason, each on one line.`);
      if (nw.until < today()) return say(`${it.id}: the waiver's date ${nw.until} has passed; give one from today on.`);
      commit(it.id, e => ({ ...e, waiver: nw }));
      say(`${it.id}: waived until ${nw.until} (owner ${nw.owner}).`);
    } else if (t.type === "button" && t.value === "remove") {
      commit(it.id, e => { const r = { ...e }; delete r.waiver; return r; });
      say(`${it.id}: waiver removed.`);
    } else if (t.type !== "button" || t.value !== "cancel") return;
    close();
    show(it, p.st.items[it.id]);
  }

  function progress() {
    const p = page, tally = () => ({ d: 0, n: 0, t: 0 }), all = tally(), sev = { must: tally(), should: tally(), may: tally() }, sec = dict();
    const add = (c, s) => { if (c) { c.t++; if (s === "done") c.d++; else if (s === "na") c.n++; } };
    const text = (el, t) => { if (el && el.textContent !== t) el.textContent = t; };
    const seen = new Set();  // an item that several checklists list counts once in the total
    for (const c of p.cid ? [p.data.checklist] : p.data.checklists || []) {
      const one = tally();
      for (const i of c.items) {
        const s = statusOf(i.id), first = !seen.has(i.id);
        seen.add(i.id); add(one, s);
        if (first) { add(all, s); add(sev[i.severity], s); }
        if (p.cid) add(sec[i.section] || (sec[i.section] = tally()), s);
      }
      if (!p.cid) text($(`td.cl-progress-cell[data-checklist="${CSS.escape(c.id)}"]`), fmt(one));
    }
    for (const s of p.secs) text(s.sp, fmt(sec[s.title] || tally()));
    $(".cl-meter > span", p.app).style.width = pct(all) + "%";
    text($(".cl-ptext", p.app), `${p.cid ? "" : "All checklists: "}${fmt(all)} · ` +
      SEVS.filter(s => sev[s].t).map(s => `${s} ${sev[s].d}/${sev[s].t - sev[s].n}`).join(" · "));
  }

  // ?severity=must,should&status=todo&tag=auth&phase=build&text=words. The text is not `q`, which Material reads
  // as a search to open over the page; links from before, which carry `q`, still filter.
  const PARAM = { severity: "severity", status: "status", tag: "tag", phase: "phase", q: "text" };
  function readFilters(search = location.search) {
    const q = new URLSearchParams(search), list = (k, ok) => new Set((q.get(k) || "").split(",").filter(v => ok.includes(v)));
    return { severity: list("severity", SEVS), status: list("status", STATUSES), tag: q.get("tag") || "", phase: q.get("phase") || "",
      q: (q.get("text") ?? q.get("q") ?? "").slice(0, 200) };
  }
  function writeFilters() {
    const form = $(".cl-filters", page.app), f = page.f;
    for (const b of $$("input[type=checkbox]", form)) b.checked = f[b.name].has(b.value);
    for (const k of ["tag", "phase"]) { if (f[k] && !$$("option", form[k]).some(o => o.value === f[k])) form[k].add(new Option(f[k], f[k])); form[k].value = f[k]; }
    form.q.value = f.q;
  }
  function filter(toUrl) {
    const p = page, f = p.f, q = f.q.trim().toLowerCase(), hash = location.hash.slice(1), vis = dict();
    let n = 0;
    for (const it of p.items) {
      const ok = it.anchor === hash || (!f.severity.size || f.severity.has(it.severity)) && (!f.status.size || f.status.has(statusOf(it.id))) &&
        (!f.tag || it.tags.includes(f.tag)) && (!f.phase || it.phase === f.phase) && (!q || text(it).includes(q));
      if (it.el.hidden === ok) it.el.hidden = !ok;
      if (ok) { n++; vis[it.section] = 1; }
    }
    for (const s of p.secs) for (const e of s.els) e.hidden = !vis[s.title];
    $(".cl-shown", p.app).textContent = n === p.items.length ? `Showing all ${n} items` : `Showing ${n} of ${p.items.length} items`;
    if (toUrl) {
      const u = new URLSearchParams(location.search);  // keeps others, e.g. Material's ?h=
      u.delete("q");
      for (const k of Object.keys(PARAM)) { const v = typeof f[k] === "string" ? f[k] : [...f[k]].join(","); v ? u.set(PARAM[k], v) : u.delete(PARAM[k]); }
      const s = u.toString();
      history.replaceState(history.state, "", location.pathname + (s ? "?" + s : "") + location.hash);
    }
  }
  const text = it => it.text || (it.text = Array.from(it.el.children, c => c.classList.contains("cl-slot") ? "" : c.textContent).join(" ").toLowerCase());

  function onBar(ev) {
    const t = ev.target, change = ev.type === "change", form = t.form;
    if (t.classList.contains("cl-psel")) { if (change) { sset(CUR, JSON.stringify(t.value)); use(t.value); say(`Project “${t.value}”.`); } }
    else if (t.type === "file") { if (change && t.files[0]) importFile(t.files[0]); }
    else if (form && form.classList.contains("cl-filters") && change !== (t.type === "search")) {
      const set = n => new Set($$(`input[name=${n}]:checked`, form).map(b => b.value));
      page.f = { severity: set("severity"), status: set("status"), tag: form.tag.value, phase: form.phase.value, q: form.q.value };
      filter(true);
    }
  }
  function onClick(ev) {
    const b = ev.target.closest("button[data-act]"), p = page, act = b && b.dataset.act, form = $(".cl-pform", p.app), input = $(".cl-pname", p.app);
    if (act === "new" || act === "rename") {
      form.hidden = false; form.dataset.mode = act;
      input.value = act === "rename" ? p.project : "";
      input.focus();
    } else if (act === "cancel") form.hidden = true;
    else if (act === "delete") {
      if (!W.confirm(`Delete project “${p.project}” and its ticks from this browser?`)) return;
      const gone = p.project, next = names("default").filter(n => n !== gone || n === "default")[0];
      sdel(pkey(gone));
      sset(CUR, JSON.stringify(next));
      use(next);
      say(`Deleted project “${gone}”.`);
    } else if (act === "export" || act === "all") exportDoc(act === "all");
    else if (act === "import") p.file.click();
    else if (act === "copy") copy();
    else if (act === "url" || act === "ucancel") { const f = $(".cl-uform", p.app); f.hidden = act === "ucancel"; if (!f.hidden) { f.firstChild.lastChild.value = p.st.url; f.firstChild.lastChild.focus(); } }
    else if (act === "reload" && p.st.url) openUrl(p.st.url);
    else if (act === "apply" && p.pending) p.pending();
    else if (act === "tools") tools(!p.app.classList.contains("cl-tools"));
    else if (act === "dismiss") { p.pending = null; say("Import cancelled; nothing changed."); }
  }
  // On a phone the filters and the import and export buttons fold under one button (checklist.css), so the
  // first items are not pushed a screen down; on a wider screen that button is not shown and they always are.
  function tools(open) {
    page.app.classList.toggle("cl-tools", open);
    $("[data-act=tools]", page.app).setAttribute("aria-expanded", String(open));
  }
  function onName(ev) {
    ev.preventDefault();
    const p = page, form = ev.target, name = $(".cl-pname", form).value.trim(), old = p.project, mode = form.dataset.mode;
    if (!okName(name)) return say("A project name needs 1 to 200 characters.");
    // Never over an existing project's state without asking; declining changes nothing.
    const taken = sget(pkey(name)) !== null && (mode === "new" || name !== old);
    if (taken && !W.confirm(mode === "new" ? `Project “${name}” already exists. Replace its ticks with an empty project?`
      : `Project “${name}” already exists. Replace its ticks with those of “${old}”?`)) return say(`Nothing changed: project “${name}” kept as it was.`);
    if (mode === "rename" && name !== old) {
      const raw = sget(pkey(old));
      if (raw !== null ? !sset(pkey(name), raw) : (sdel(pkey(name)), false)) return;
      sdel(pkey(old));
    } else if (mode === "new" && !sset(pkey(name), "{}")) return;
    say(mode === "new" ? `Created project “${name}”.` : `Renamed “${old}” to “${name}”.`);
    sset(CUR, JSON.stringify(name));
    form.hidden = true;
    use(name);
    $(".cl-psel", p.app).focus();
  }

  // §5 document (format 2), deterministic: checklist order, 2-space indent, trailing newline.
  // The export is the stored state merged by the §5 rules into the document's checklists: all of them
  // (every ID either an item or an orphan, as `checklist upgrade` would write it), or this page's.
  // Each ID is one entry of "items" (its home checklist, section and URL), however many checklists list it.
  async function build(all) {
    const p = page, site = p.data.site, cat = all && await catalog();
    if (all && !cat) throw new Error("could not load checklists/all.json from this site.");
    const info = dict(), st = { items: { ...p.st.items }, orphans: { ...p.st.orphans } };
    let lists;
    if (all) {  // checklists/all.json: a blank document in format 2
      for (const i of cat.items || []) info[i.id] = i;
      lists = cat.checklists.map(c => ({ ...c, items: c.items.filter(id => info[id]) }));
    } else {  // this page's data; an included item names its home checklist and section
      const c = p.data.checklist;
      for (const i of c.items) info[i.id] = { ...i, checklist: i.home || i.checklist || c.id, section: i.home_section || i.section };
      lists = [{ ...c, items: c.items.map(i => i.id) }];
    }
    const known = new Set(Object.keys(info));
    merge(st, all ? id => known.has(id) : id => known.has(id) || undefined, p.retired);
    const orphans = st.orphans, items = [], seen = new Set();
    for (const c of lists) for (const id of c.items) {
      if (seen.has(id)) continue;
      seen.add(id);
      const i = info[id], e = st.items[id] || { status: "todo", note: "", updated: null };
      items.push(Object.assign({ id, checklist: i.checklist, section: i.section, title: i.title, severity: i.severity, url: i.url }, bare(e)));
    }
    return { $schema: site + "schemas/project-checklist-2.schema.json", format: FORMAT, project: p.project, site, exported: now(),
      checklists: lists.map(c => ({ id: c.id, title: c.title, version: c.version, url: c.url, items: c.items })), items,
      orphans: Object.keys(orphans).sort().map(id => {
        const o = orphans[id], r = { id };
        if (o.checklist) r.checklist = o.checklist;
        if (o.title) r.title = o.title;
        Object.assign(r, { status: o.status, note: o.note, updated: o.updated });
        if (o.waiver) r.waiver = o.waiver;
        return r;
      }) };
  }
  async function exportDoc(all) {
    const p = page;
    try {
      const doc = await build(all), slug = p.project.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "project";
      const a = mk("a", { href: URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" })), download: `${slug}-${all ? "all" : p.cid}.json` });
      D.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1e4);
      say(`Exported project “${p.project}” (${pl(doc.items.length, "item")}) as ${a.download}.`);
    } catch (e) { say("Export failed: " + e.message); }
  }

  // Validate, summarise, apply only when confirmed; a bad file changes nothing.
  async function importFile(file) {
    page.pending = null;
    page.file.value = "";
    if (file.size > MAX_FILE) return say(`Nothing imported: ${file.name} is ${MB(file.size)}; the limit is ${MB(MAX_FILE)}.`);
    let bytes = null;
    try { bytes = new Uint8Array(await file.arrayBuffer()); } catch (e) { /* unreadable */ }
    return importBytes({ name: file.name }, bytes);
  }
  // Open from URL: fetched only when asked, then exactly the file's path; the URL is kept with the project.
  async function openUrl(url) {
    const p = page, no = why => say(`Nothing imported from ${url}: ${why}`);
    p.pending = null;
    if (!okUrl(url)) return say("Nothing imported: give the http:// or https:// address of a project document.");
    say(`Loading ${url} …`);
    let r, bytes;
    try { r = await fetch(url, { credentials: "omit", cache: "no-store" }); } catch (e) {
      return no(`it could not be fetched. The address may be wrong or unreachable, or its host does not let this site read it: ` +
        `the host must allow this site's origin (${location.origin}) with an Access-Control-Allow-Origin header (CORS), as raw.githubusercontent.com does.`);
    }
    if (!r.ok) return no(`the server answered ${r.status}.`);
    if (+r.headers.get("content-length") > MAX_FILE) return no(`it is over ${MB(MAX_FILE)}.`);
    try { bytes = new Uint8Array(await r.arrayBuffer()); } catch (e) { return no("the download failed."); }
    if (bytes.length > MAX_FILE) return no(`it is ${MB(bytes.length)}; the limit is ${MB(MAX_FILE)}.`);
    if (page === p) return importBytes({ name: url, url }, bytes);
  }
  async function importBytes(src, bytes) {
    const p = page, file = src;
    let doc = "the file could not be read.";
    try { if (bytes) doc = await check(bytes); } catch (e) { /* as unreadable */ }
    if (typeof doc === "string") return say(`Nothing imported from ${file.name}: ${doc}`);
    // The file's state, merged into the site's checklists by the rules `checklist upgrade` applies.
    const cat = await catalog(), known = cat ? new Set() : pageIds(), retired = p.retired;
    if (cat) for (const i of cat.items || []) known.add(i.id);
    const target = okName(doc.project) ? doc.project.trim() : p.project, cur = load(target), inc = { items: dict(), orphans: dict() };
    const sev = i => TEAM.test(i.id) ? { severity: i.severity } : {};  // a team item's severity, kept with it
    if (doc.format === FORMAT_1) for (const c of doc.checklists) for (const i of c.items) inc.items[i.id] = { checklist: c.id, title: i.title, ...sev(i), ...entry(i) };
    else for (const i of doc.items) inc.items[i.id] = { checklist: i.checklist, title: i.title, ...sev(i), ...entry(i) };
    for (const o of doc.orphans) inc.orphans[o.id] = entry(o, true);
    const unknown = Object.keys(inc.items).filter(id => !known.has(id) && !has(retired, id) && (!blank(inc.items[id]) || TEAM.test(id)));
    const r = merge(inc, cat ? id => known.has(id) : id => known.has(id) || undefined, retired);
    const moved = r.moved, dropped = r.orphaned.filter(id => has(retired, id));
    const changed = Object.keys(inc.items).filter(id => {
      const a = inc.items[id], b = cur.items[id];
      return !kept(a) ? kept(b) : !b || a.status !== b.status || a.note !== b.note || a.updated !== b.updated || !sameWaiver(a.waiver, b.waiver)
        || JSON.stringify(a.auto || null) !== JSON.stringify(b.auto || null);
    });
    const by = s => changed.filter(id => inc.items[id].status === s).length, orphanN = Object.keys(inc.orphans).length;
    const sum = `Import ${file.name} into project “${target}”${names(p.project).includes(target) ? "" : " (new)"}: ` +
      `${pl(changed.length, "item")} will change (${by("done")} done, ${by("na")} n/a, ${by("todo")} to do), ` +
      `${Object.keys(inc.items).length - changed.length} unchanged` +
      (unknown.length ? `; ${pl(unknown.length, "unknown ID")} kept as orphans: ${unknown.slice(0, 20).join(", ")}` : "") +
      (r.restored.length ? `; restored from orphans: ${r.restored.join(", ")}` : "") +
      (moved.length ? `; retired items moved to their replacements: ${moved.join(", ")}` : "") +
      (dropped.length ? `; retired items kept as orphans: ${dropped.join(", ")}` : "") +
      (orphanN ? `; ${pl(orphanN, "orphan")} in total` : "") +
      (doc.site !== p.data.site ? `. Note: exported from another site (${doc.site.slice(0, 100)})` : "") + ".";
    p.pending = () => {
      p.pending = null;
      const st = load(target);
      for (const id of Object.keys(inc.items)) keep(st, id, inc.items[id]);
      for (const id of Object.keys(inc.orphans)) { st.orphans[id] = inc.orphans[id]; delete st.items[id]; }
      for (const c of doc.checklists) if (!st.versions[c.id]) st.versions[c.id] = c.version;
      if (src.url) st.url = src.url;
      if (!save(target, st)) return;
      sset(CUR, JSON.stringify(target));
      use(target);
      say(`Imported ${file.name} into project “${target}”: ${pl(changed.length, "item")} changed` + (orphanN ? `, ${pl(orphanN, "orphan")} kept` : "") + ".");
    };
    say(sum, mk("button", { textContent: "Apply import", className: "cl-apply" }), mk("button", { textContent: "Cancel" }));
    const [ok, no] = $$("button", p.msg);
    ok.dataset.act = "apply"; no.dataset.act = "dismiss";
    ok.focus();
  }

  const esc = s => String(s).replace(/\s+/g, " ").split("`").map((x, i) => i % 2 ? x : x.replace(/[\\[\]<>*_~|#]/g, "\\$&")).join("`");
  function copy() {
    const p = page, c = p.data.checklist, site = p.data.site;
    const lines = p.items.filter(it => !it.el.hidden).map(it => {
      const e = p.st.items[it.id], s = e ? e.status : "todo", link = `[${it.id}](${site}c/${it.id}/) ${esc(it.title)}`;
      return s === "done" ? `- [x] ${link}` : s === "na" ? `- [ ] ~~${link}~~ (n/a: ${esc(e.note)})` : `- [ ] ${link}`;
    });
    const md = `**${esc(c.title)}** ${c.version} ([checklist](${c.url})), project “${esc(p.project)}”:\n\n${lines.join("\n")}\n`;
    const done = () => say(`Copied ${pl(lines.length, "item")} as a Markdown task list.`);
    const manual = () => { const ta = mk("textarea", { value: md, readOnly: true, rows: 6, className: "cl-copy", ariaLabel: "Markdown for the pull request" }); say("Copy this Markdown (Ctrl+C):", ta); ta.focus(); ta.select(); };
    navigator.clipboard ? navigator.clipboard.writeText(md).then(done, manual) : manual();
  }

  addEventListener("storage", e => {
    if (!page || e.key === CUR || (e.key !== null && !e.key.startsWith(PRE))) return;
    const p = page, st = load(p.project);
    let again = false;  // a recent change of ours that another tab's save overwrote with the value before it goes back
    if (st.stored) for (const id of Object.keys(p.mine)) {  // (that tab had not seen it); a different value is theirs
      const m = p.mine[id], s = canon(st.items[id] || null);
      if (Date.now() - m.t > 1e4 || s !== m.was) delete p.mine[id];
      else { keep(st, id, m.e); again = true; }
    }
    p.st = st;
    if (again) save(p.project, st);
    refresh();
  });
  D.addEventListener("change", onItem);
  D.addEventListener("click", onWaiver);
  D.addEventListener("submit", onWaiver);
  D.addEventListener("input", onItem);
  addEventListener("beforeprint", () => { if (page) page.items.forEach(mount); });
  // axe: Material's unnamed search dialog, and its visual-only progress bar outside landmarks.
  const search = $(".md-search[role=dialog]"), bar = $(".md-progress");
  if (search) search.setAttribute("aria-label", "Search");
  if (bar) bar.setAttribute("aria-hidden", "true");
  // Deferred: the DOM is parsed. Set up in a task of its own, after Material's DOMContentLoaded handlers:
  // in one task together they are about 50 ms on the largest checklist page, 200 ms at Lighthouse's 4x
  // CPU slowdown (bench/lighthouse_bench.py). document$ then fires per page (init skips repeats).
  setTimeout(() => {
    init();
    if (W.document$ && W.document$.subscribe) W.document$.subscribe(init);
  });
})();
