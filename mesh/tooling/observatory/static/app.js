// Mesh Observatory page: renders the state document pushed over /ws after every poll
// round, and sends `detail` / `kill` requests back. Plain DOM, no framework, no CDN.
"use strict";

const NUMERIC_DESC = new Set(["mailbox", "msgs_in", "msgs_out", "run_ms"]);  // largest first
const MAILBOX_WARM = 10;   // mailbox length highlighted as building up
const MAILBOX_HOT = 100;   // ... and as a problem
const $ = (sel) => document.querySelector(sel);

let state = null;
let ws = null;
const ui = {
  view: "cluster", node: null, filter: "", sort: "id", desc: false,
  detail: null,            // {node, id}
  detailDoc: null, crashesOnly: false,
};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("data-")) e.setAttribute(k, String(v));
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function replaceRows(tbody, rows) { tbody.replaceChildren(...rows); }
function clock(t) { return new Date(t * 1000).toLocaleTimeString([], {hour12: false}) + "." +
                    String(Math.floor((t % 1) * 1000)).padStart(3, "0"); }
function bytes(n) {
  if (n === undefined || n === null) return "–";
  const u = ["B", "KiB", "MiB", "GiB"]; let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : String(Math.round(n))) + " " + u[i];
}
function nodeByName(name) { return state && state.nodes.find((n) => n.name === name); }

// ------------------------------------------------------------------ connection

function connect() {
  ws = new WebSocket(`ws://${location.host}/ws`);
  ws.onopen = () => { const c = $("#conn-status"); c.textContent = "live"; c.className = "conn up"; };
  ws.onclose = () => {
    const c = $("#conn-status"); c.textContent = "disconnected"; c.className = "conn down";
    setTimeout(connect, 1000);
  };
  ws.onmessage = (m) => {
    const doc = JSON.parse(m.data);
    if (doc.type === "state") { state = doc; render(); requestDetail(); }
    else if (doc.type === "detail") onDetail(doc);
    else if (doc.type === "killed") { renderLog(); }
  };
}

function send(obj) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj)); }

// ------------------------------------------------------------------ routing

function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  ui.view = ["cluster", "processes", "events", "requests", "traffic", "log"].includes(parts[0])
    ? parts[0] : "cluster";
  if (ui.view === "processes" && parts[1]) ui.node = decodeURIComponent(parts[1]);
  for (const s of document.querySelectorAll(".view")) s.classList.toggle("active", s.id === "view-" + ui.view);
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === ui.view);
  render();
}

function render() {
  if (!state) return;
  $("#seed-name").textContent = state.seed;
  if (!ui.node || !nodeByName(ui.node)) ui.node = state.seed;
  ({cluster: renderCluster, processes: renderProcesses, events: renderEvents,
    requests: renderRequests, traffic: renderTraffic, log: renderLog})[ui.view]();
}

// ------------------------------------------------------------------ cluster

function renderCluster() {
  const nodes = state.nodes;
  const svg = $("#topology");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const cx = 300, cy = 125, r = nodes.length > 1 ? 85 : 0;
  const pos = {};
  nodes.forEach((n, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
    pos[n.name] = [cx + r * Math.cos(a) * 1.6, cy + r * Math.sin(a)];
  });
  const drawn = new Set();
  for (const n of nodes) {
    if (n.health !== "healthy") continue;
    for (const m of n.membership) {
      const key = [n.name, m].sort().join("|");
      if (m === n.name || !pos[m] || drawn.has(key)) continue;
      drawn.add(key);
      const line = document.createElementNS(ns, "line");
      const [x1, y1] = pos[n.name], [x2, y2] = pos[m];
      Object.entries({x1, y1, x2, y2, class: "link", "data-link": key}).forEach(([k, v]) => line.setAttribute(k, v));
      svg.append(line);
    }
  }
  for (const n of nodes) {
    const g = document.createElementNS(ns, "g");
    g.setAttribute("class", "node " + n.health);
    g.setAttribute("data-node", n.name);
    const c = document.createElementNS(ns, "circle");
    c.setAttribute("cx", pos[n.name][0]); c.setAttribute("cy", pos[n.name][1]); c.setAttribute("r", 18);
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", pos[n.name][0]); t.setAttribute("y", pos[n.name][1] + 34);
    t.textContent = n.name;
    g.append(c, t);
    svg.append(g);
  }
  replaceRows($("#node-cards"), nodes.map(nodeCard));
}

function nodeCard(n) {
  const kinds = Object.entries(n.by_kind).map(([k, v]) => `${k} ${v}`).join(", ");
  const a = n.authority || {};
  const facts = n.health === "healthy" ? [
    ["Processes", el("span", {class: "node-procs", text: n.process_count})],
    ["By kind", kinds || "–"],
    ["Mailboxes", el("span", {class: "node-mailboxes", text: n.mailbox_total})],
    ["CPU", `${n.cpu_pct}%`], ["Memory", bytes(n.rss_bytes)],
    ["Role", `${a.cluster_role || "–"} (epoch ${a.promotion_epoch ?? "–"})`],
    ["Replication", a.replication_health || "–"],
    ["Continuity", `${(n.continuity || {}).records ?? 0} records, ${(n.continuity || {}).diagnostics ?? 0} diagnostics`],
    ["Peers", n.membership.filter((m) => m !== n.name).join(", ") || "(none)"],
  ] : [["Last answer", n.last_ok_age === null ? "never" : `${n.last_ok_age} s ago`]];
  const dl = el("dl");
  for (const [k, v] of facts) dl.append(el("dt", {text: k}), el("dd", {}, v));
  return el("div", {class: "node-card", "data-node": n.name, "data-health": n.health},
    el("h3", {}, el("a", {href: "#/processes/" + encodeURIComponent(n.name), text: n.name}), " ",
       el("span", {class: "badge " + n.health, text: n.health})),
    n.error ? el("p", {class: "error node-error", text: n.error}) : null, dl);
}

// ------------------------------------------------------------------ processes

function renderProcesses() {
  const sel = $("#node-select");
  const names = state.nodes.map((n) => n.name);
  if ([...sel.options].map((o) => o.value).join() !== names.join()) {
    sel.replaceChildren(...names.map((nm) => el("option", {value: nm, text: nm})));
  }
  sel.value = ui.node;
  const node = nodeByName(ui.node);
  const f = ui.filter.toLowerCase();
  let rows = node.processes.filter((p) => !f || [p.pid, p.name, p.kind, p.state, ...p.names]
    .some((s) => String(s).toLowerCase().includes(f)));
  const k = ui.sort, dir = ui.desc ? -1 : 1;
  rows.sort((a, b) => {
    const x = a[k] ?? -1, y = b[k] ?? -1;
    return (x < y ? -1 : x > y ? 1 : a.id - b.id) * dir;
  });
  for (const th of document.querySelectorAll("#proc-table th")) {
    th.classList.toggle("sorted-asc", th.dataset.sort === k && !ui.desc);
    th.classList.toggle("sorted-desc", th.dataset.sort === k && ui.desc);
  }
  $("#proc-count").textContent = node.health === "healthy"
    ? `${rows.length} of ${node.process_count} processes${node.processes_truncated ? " (largest mailboxes shown)" : ""}`
    : `node unhealthy: ${node.error}`;
  replaceRows($("#proc-table tbody"), rows.map((p) => {
    const mb = p.mailbox >= MAILBOX_HOT ? "mailbox-hot" : p.mailbox >= MAILBOX_WARM ? "mailbox-warm" : null;
    const selected = ui.detail && ui.detail.node === ui.node && ui.detail.id === p.id;
    const tr = el("tr", {class: "proc-row" + (selected ? " selected" : ""), "data-id": p.id,
                         "data-name": p.name, "data-mailbox": p.mailbox, "data-state": p.state,
                         "data-in": p.msgs_in, "data-out": p.msgs_out, "data-run-ms": p.run_ms},
      el("td", {text: p.pid}),
      el("td", {text: p.name + (p.names.length ? ` [${p.names.join(", ")}]` : "")}),
      el("td", {text: p.kind}), el("td", {text: p.state}),
      el("td", {class: mb, text: p.mailbox}), el("td", {class: "msgs-in", text: p.msgs_in}),
      el("td", {class: "msgs-out", text: p.msgs_out}), el("td", {class: "run-ms", text: runMs(p, 1)}),
      el("td", {text: p.links}),
      el("td", {text: p.monitors}), el("td", {text: p.supervisor === null ? "" : `<0.${p.supervisor}>`}));
    tr.addEventListener("click", () => openDetail(ui.node, p.id));
    return tr;
  }));
}

// A Trio-task process's run time is sampled and scaled by the node: shown as an estimate.
const runMs = (p, digits) => (p.run_sampled ? "≈" : "") + p.run_ms.toFixed(digits);

function openDetail(node, id) {
  ui.detail = {node, id};
  ui.detailDoc = null;
  $("#proc-detail").hidden = false;
  $("#detail-title").textContent = `<0.${id}> on ${node}`;
  requestDetail();
  renderProcesses();
}

function requestDetail() {
  if (ui.detail && ui.view === "processes") send({op: "detail", node: ui.detail.node, id: ui.detail.id});
}

function onDetail(doc) {
  if (!ui.detail || doc.node !== ui.detail.node || doc.id !== ui.detail.id) return;
  const err = $("#detail-error");
  err.hidden = !doc.error;
  err.textContent = doc.error || "";
  $("#kill-btn").disabled = !!doc.error;
  if (doc.error) return;
  const p = ui.detailDoc = doc.process;
  $("#detail-title").textContent = `${p.pid} ${p.name} on ${doc.node}`;
  const facts = [["Kind", p.kind], ["State", p.state], ["Mailbox", p.mailbox],
                 ["Messages in", p.msgs_in], ["Messages out", p.msgs_out],
                 ["Run time", `${runMs(p, 3)} ms${p.run_sampled ? " (estimated from samples)" : ""}`],
                 ["Registered", p.names.join(", ") || "–"], ["Traps exits", p.trap_exit ? "yes" : "no"]];
  $("#detail-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {text: k}), el("dd", {text: v})]));
  const who = (q) => `${q.pid} ${q.name} (${q.kind})`;
  replaceRows($("#detail-links"), p.links_detail.length
    ? p.links_detail.map((q) => el("li", {"data-id": q.id, text: who(q)})) : [el("li", {class: "muted", text: "none"})]);
  const mons = [...p.monitored_by.map((q) => el("li", {text: `watched by ${who(q)}`})),
                ...p.monitoring.map((q) => el("li", {text: `watches ${who(q)}`}))];
  replaceRows($("#detail-monitors"), mons.length ? mons : [el("li", {class: "muted", text: "none"})]);
  const tree = (t) => el("li", {class: t.focus ? "focus" : null, "data-id": t.id},
    el("span", {text: who(t)}), t.children && t.children.length ? el("ul", {}, ...t.children.map(tree)) : null);
  $("#detail-supervision").replaceChildren(p.supervision
    ? el("ul", {class: "tree"}, tree(p.supervision)) : el("p", {class: "muted", text: "not supervised"}));
  replaceRows($("#detail-mailbox-types"), p.mailbox_types.length
    ? p.mailbox_types.map((t) => el("li", {text: t})) : [el("li", {class: "muted", text: "empty"})]);
}

function askKill() {
  const p = ui.detailDoc;
  if (!p) return;
  $("#confirm-text").textContent = `Kill ${p.pid} (${p.name}) on ${ui.detail.node}?`;
  $("#confirm-dialog").hidden = false;
}

function confirmKill() {
  const p = ui.detailDoc;
  $("#confirm-dialog").hidden = true;
  if (!p) return;
  send({op: "kill", confirmed: true, node: ui.detail.node, id: p.id, pid: p.pid, name: p.name});
}

// ------------------------------------------------------------------ events

function renderEvents() {
  const evs = (ui.crashesOnly ? state.crashes : state.events).slice().reverse();
  $("#events-count").textContent = `${evs.length} events (newest first)` +
    (state.events_lost ? `; ${state.events_lost} evicted on busy nodes before they were read` : "");
  replaceRows($("#events-table tbody"), evs.slice(0, 300).map((e) => el("tr",
    {class: "event-row", "data-event": e.event, "data-abnormal": !!e.abnormal, "data-name": e.name,
     "data-node": e.node},
    el("td", {text: clock(e.t)}), el("td", {text: e.node}), el("td", {text: e.event}),
    el("td", {text: `<0.${e.id}>`}), el("td", {text: e.name}), el("td", {text: e.kind}),
    el("td", {class: "reason", text: e.event === "exit" ? e.reason
                                      : e.parent ? `spawned by <0.${e.parent}>` : ""}))));
}

// ------------------------------------------------------------------ requests

function bar(left, width) {  // CSSOM, not a style attribute: the page's CSP allows no inline style
  const b = el("span", {class: "wf-bar"});
  b.style.left = left + "%";
  b.style.width = width + "%";
  return b;
}

function renderRequests() {
  const reqs = state.requests.slice().sort((a, b) => a.t - b.t).slice(-120);
  const wf = $("#waterfall");
  if (!reqs.length) { wf.replaceChildren(el("p", {class: "muted", text: "no requests yet"})); }
  else {
    const t0 = Math.min(...reqs.map((r) => r.t));
    const t1 = Math.max(...reqs.map((r) => r.t + r.ms / 1000));
    const span = Math.max(t1 - t0, 0.001);
    wf.replaceChildren(...reqs.map((r) => el("div",
      {class: "wf-row", "data-route": r.route, "data-clustered": r.clustered, "data-status": r.status,
       "data-node": r.node},
      el("span", {class: "wf-label", title: r.path,
                  text: `${r.node.split("@")[0]} ${r.method} ${r.path}` +
                        (r.clustered ? ` → ${(r.executed_on || "?").split("@")[0]}` : "")}),
      el("span", {class: "wf-track"}, bar(((r.t - t0) / span) * 100, Math.max((r.ms / 1000 / span) * 100, 0.3))),
      el("span", {text: `${r.status} ${r.ms.toFixed(2)} ms`}))));
  }
  const groups = new Map();
  for (const r of state.requests) {
    const key = r.node + " " + r.route;
    if (!groups.has(key)) groups.set(key, {node: r.node, route: r.route, clustered: r.clustered, ms: []});
    groups.get(key).ms.push(r.ms);
  }
  const pct = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  replaceRows($("#route-stats tbody"), [...groups.values()].map((g) => {
    const xs = g.ms.slice().sort((a, b) => a - b);
    return el("tr", {"data-route": g.route, "data-node": g.node, "data-count": xs.length},
      el("td", {text: g.node}), el("td", {text: g.route}), el("td", {text: g.clustered ? "yes" : "no"}),
      el("td", {text: xs.length}), el("td", {text: pct(xs, 0.5).toFixed(2)}),
      el("td", {text: pct(xs, 0.99).toFixed(2)}), el("td", {text: xs[xs.length - 1].toFixed(2)}));
  }));
}

// ------------------------------------------------------------------ traffic

function renderTraffic() {
  const rows = [];
  for (const n of state.nodes) {
    if (n.health !== "healthy") continue;
    for (const t of n.traffic) {
      const rate = (k) => (t[k + "_per_s"] === undefined ? "–" : t[k + "_per_s"]);
      rows.push(el("tr", {"data-from": n.name, "data-to": t.peer, "data-frames-out": t.frames_out,
                          "data-bytes-out": t.bytes_out ?? 0},
        el("td", {text: n.name}), el("td", {text: t.peer}),
        el("td", {text: t.bytes_out_per_s === undefined ? "–" : bytes(t.bytes_out_per_s) + "/s"}),
        el("td", {text: t.bytes_in_per_s === undefined ? "–" : bytes(t.bytes_in_per_s) + "/s"}),
        el("td", {text: rate("frames_out")}), el("td", {text: rate("frames_in")}),
        el("td", {text: bytes(t.bytes_out)}), el("td", {text: bytes(t.bytes_in)}),
        el("td", {text: t.rtt_us === undefined ? "–" : (t.rtt_us / 1000).toFixed(2) + " ms"}),
        el("td", {text: bytes(t.queued_bytes)})));
    }
  }
  replaceRows($("#traffic-table tbody"), rows.length ? rows
    : [el("tr", {}, el("td", {colspan: 10, class: "muted", text: "no sessions between nodes"}))]);
}

// ------------------------------------------------------------------ log

function renderLog() {
  if (!state) return;
  replaceRows($("#log-table tbody"), state.log.slice().reverse().map((e) => el("tr",
    {class: "log-row", "data-action": e.action, "data-pid": e.pid},
    el("td", {text: clock(e.t)}), el("td", {text: e.action}), el("td", {text: e.node}),
    el("td", {text: e.pid}), el("td", {text: e.name}), el("td", {text: e.outcome}))));
}

// ------------------------------------------------------------------ wiring

window.addEventListener("DOMContentLoaded", () => {
  window.addEventListener("hashchange", route);
  $("#node-select").addEventListener("change", (e) => { location.hash = "#/processes/" + encodeURIComponent(e.target.value); });
  $("#proc-filter").addEventListener("input", (e) => { ui.filter = e.target.value; renderProcesses(); });
  for (const th of document.querySelectorAll("#proc-table th[data-sort]")) {
    th.addEventListener("click", () => {
      if (ui.sort === th.dataset.sort) ui.desc = !ui.desc;
      else { ui.sort = th.dataset.sort; ui.desc = NUMERIC_DESC.has(th.dataset.sort); }
      renderProcesses();
    });
  }
  $("#detail-close").addEventListener("click", () => { ui.detail = null; $("#proc-detail").hidden = true; renderProcesses(); });
  $("#kill-btn").addEventListener("click", askKill);
  $("#confirm-kill").addEventListener("click", confirmKill);
  $("#cancel-kill").addEventListener("click", () => { $("#confirm-dialog").hidden = true; });
  $("#events-crashes-only").addEventListener("change", (e) => { ui.crashesOnly = e.target.checked; renderEvents(); });
  route();
  connect();
});
