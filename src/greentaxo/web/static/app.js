// greentaxo web interface: progressive enhancement only. Every page works without this file; with it,
// search boxes suggest routes as you type (ARIA combobox), the tree expands and collapses at once, and batch
// uploads show their progress and offer the results for download.
"use strict";

const LANG = document.documentElement.lang.startsWith("zh") ? "zh" : "en";
const T = {
  zh: { done: "已处理", of: "/", errors: "条出错", jsonl: "下载 JSONL", csv: "下载 CSV", report: "打开报告", failed: "失败" },
  en: { done: "done", of: "of", errors: "with errors", jsonl: "Download JSONL", csv: "Download CSV", report: "Open the report", failed: "Failed" },
}[LANG];

function label(obj) {
  if (!obj) return "";
  return obj[LANG] || obj.zh || obj.en || "";
}

// ---- search suggestions -------------------------------------------------------------------------------
function setupSuggest(input) {
  const list = document.getElementById(input.dataset.suggest);
  if (!list) return;
  let timer = null, active = -1, items = [], seq = 0;

  function close() {
    list.hidden = true; list.innerHTML = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
  }
  function mark(i) {
    items.forEach((li, k) => li.setAttribute("aria-selected", k === i ? "true" : "false"));
    active = i;
    if (i >= 0) { input.setAttribute("aria-activedescendant", items[i].id); items[i].scrollIntoView({ block: "nearest" }); }
  }
  async function fetchHits() {
    const q = input.value.trim();
    if (!q) { close(); return; }
    const mine = ++seq;
    try {
      const r = await fetch("/search?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } });
      if (!r.ok || mine !== seq) return;
      const data = await r.json();
      list.innerHTML = "";
      items = data.results.map((h, k) => {
        const li = document.createElement("li");
        li.id = input.id + "-opt-" + k;
        li.setAttribute("role", "option");
        li.dataset.href = "/route/" + h.curie.replace("gtr:", "");
        const n = document.createElement("span"); n.className = "notation"; n.textContent = h.notation;
        li.append(n, document.createTextNode(label(h.label)));
        li.addEventListener("mousedown", (e) => { e.preventDefault(); location.href = li.dataset.href; });
        list.append(li);
        return li;
      });
      if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); mark(-1); } else close();
    } catch (e) { close(); }
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(fetchHits, 120); });
  input.addEventListener("keydown", (e) => {
    if (list.hidden || !items.length) return;
    if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); mark(active <= 0 ? items.length - 1 : active - 1); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); location.href = items[active].dataset.href; }
    else if (e.key === "Escape") { e.preventDefault(); close(); }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

// ---- tree -----------------------------------------------------------------------------------------------
function setupTree() {
  document.querySelectorAll("[data-tree]").forEach((b) => b.addEventListener("click", () => {
    const open = b.dataset.tree === "open";
    document.querySelectorAll("#tree details").forEach((d) => { d.open = open; });
  }));
}

// ---- batch uploads with progress ---------------------------------------------------------------------------
function download(name, text, type, caption) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name; a.textContent = caption; a.className = "button";
  return a;
}

function setupBatch(form) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const box = form.querySelector(".progress"), bar = box.querySelector("progress");
    const status = box.querySelector(".status"), links = box.querySelector(".downloads");
    const report = form.querySelector(".report");
    box.hidden = false; bar.value = 0; links.innerHTML = ""; status.textContent = "…";
    if (report) report.innerHTML = "";
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const results = [];
    let tail = null;
    try {
      const r = await fetch(form.action + "?stream=true", { method: "POST", body: new FormData(form), headers: { Accept: "application/x-ndjson" } });
      if (!r.ok) {
        let detail = r.statusText;
        try { detail = (await r.json()).detail || detail; } catch (x) { /* not JSON */ }
        throw new Error(detail);
      }
      const reader = r.body.getReader(), dec = new TextDecoder();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let nl;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
          if (!line.trim()) continue;
          const msg = JSON.parse(line);
          if (msg.error) throw new Error(msg.error);
          if (msg.result) results.push(msg.result);
          if (msg.total !== undefined) {
            bar.max = Math.max(1, msg.total); bar.value = msg.done;
            status.textContent = `${msg.done} ${T.of} ${msg.total} ${T.done}`;
          }
          if (msg.csv !== undefined) tail = msg;
        }
      }
      const errors = results.filter((x) => x.error).length;
      status.textContent = `${results.length} ${T.done}; ${errors} ${T.errors}`;
      const kind = form.dataset.batch;
      links.append(download(`greentaxo-${kind}.jsonl`, results.map((x) => JSON.stringify(x)).join("\n") + "\n", "application/x-ndjson", T.jsonl));
      if (tail) {
        links.append(" ", download(`greentaxo-${kind}.csv`, tail.csv, "text/csv", T.csv));
        if (tail.report && report) {
          links.append(" ", download(`greentaxo-${kind}-report.html`, tail.report, "text/html", T.report));
          const frame = document.createElement("iframe");
          frame.title = T.report; frame.srcdoc = tail.report; frame.className = "reportframe";
          frame.setAttribute("sandbox", "");
          report.append(frame);
        }
      }
    } catch (err) {
      status.textContent = `${T.failed}: ${err.message}`;
    } finally {
      button.disabled = false;
    }
  });
}

document.querySelectorAll("input[data-suggest]").forEach(setupSuggest);
document.querySelectorAll("form[data-batch]").forEach(setupBatch);
setupTree();
