// SocialFlow: progressive enhancement. Every page works without this file;
// with it, actions and filters update the page in place, destructive
// actions confirm in a dialog, results show as toasts, the menu and the
// theme switch act at once, and counters stay current. No build step.

document.documentElement.classList.add("js");

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const icons = () => document.body.dataset.icons || "/static/icons.svg";

function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
  use.setAttribute("href", `${icons()}#${name}`);
  svg.append(use);
  return svg;
}

// ------------------------------------------------------------------ toasts
export function toast(text, kind = "ok") {
  const region = $("#toasts");
  if (!region || !text) return;
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  el.append(icon(kind === "error" ? "i-alert" : "i-ok"));
  const p = document.createElement("p");
  p.textContent = text;
  const close = document.createElement("button");
  close.type = "button";
  close.setAttribute("aria-label", document.documentElement.dataset.closeLabel || "×");
  close.textContent = "×";
  close.addEventListener("click", () => el.remove());
  el.append(p, close);
  region.append(el);
  if (kind !== "error") setTimeout(() => el.remove(), 6000);
}

// -------------------------------------------------------------- navigation
function initMenu() {
  const link = $("[data-menu-toggle]");
  const nav = $("#nav");
  if (!link || !nav) return;
  // A real button replaces the no-script link to #nav.
  const button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.setAttribute("aria-controls", "nav");
  button.setAttribute("aria-expanded", "false");
  button.append(...link.childNodes);
  link.replaceWith(button);
  const set = (open) => {
    nav.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
  };
  button.addEventListener("click", () => {
    const open = !nav.classList.contains("open");
    set(open);
    if (open) $("a, button", nav)?.focus();
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && nav.classList.contains("open")) {
      set(false);
      button.focus();
    }
  });
  document.addEventListener("sf:navigated", () => set(false));
}

// ------------------------------------------------------------------- theme
function initTheme() {
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (!form.matches("[data-theme-switch]")) return;
    e.preventDefault();
    const value = e.submitter?.value || "auto";
    if (value === "auto") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = value;
    for (const b of $$("button", form)) b.setAttribute("aria-pressed", String(b.value === value));
    const body = new URLSearchParams(new FormData(form, e.submitter));
    fetch(form.action, { method: "POST", body, credentials: "same-origin" }).catch(() => {});
  });
}

// --------------------------------------------------------- in-place updates
const progress = (() => {
  let bar;
  return {
    start() {
      bar ??= Object.assign(document.createElement("div"), { className: "progress-bar" });
      document.body.append(bar);
      bar.style.opacity = "1";
      bar.style.width = "0";
      requestAnimationFrame(() => (bar.style.width = "70%"));
    },
    done() {
      if (!bar) return;
      bar.style.width = "100%";
      bar.style.opacity = "0";
    },
  };
})();

function busy(el, on) {
  if (!el) return;
  if (on) el.setAttribute("aria-busy", "true");
  else el.removeAttribute("aria-busy");
}

/** Replaces the page's content with `html` (a whole page) without a reload. */
function swap(html, url, { push = true, focus = "main" } = {}) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const next = $("#main", doc);
  const sameShell = !!$(".shell", doc) === !!$(".shell");
  if (!next || !sameShell) {
    location.assign(url);
    return;
  }
  document.title = doc.title;
  headAssets(doc, "link[rel=stylesheet][href]", "href");
  const nav = $("#nav .nav-list");
  const nextNav = $("#nav .nav-list", doc);
  if (nav && nextNav) nav.replaceWith(nextNav);
  const here = $("#nav input[name=next]");
  const nextHere = $("#nav input[name=next]", doc);
  if (here && nextHere) here.value = nextHere.value;
  $("#main").replaceWith(next);
  if (push && url !== location.href) history.pushState({ sf: true }, "", url);
  else history.replaceState({ sf: true }, "", url);
  // Results become toasts; problems stay where they are.
  for (const n of $$("[data-toast='ok']", next)) {
    toast(n.textContent.trim(), "ok");
    n.remove();
  }
  enhance(next);
  headAssets(doc, "script[type=module][src]", "src");
  // A page's own module (the planner's) runs once it arrives in place.
  for (const s of $$("script[type=module][data-module]", next)) import(s.src).catch(() => {});
  const target =
    (focus === "errors" && $(".form-errors, [aria-invalid='true'], .notice.error", next)) || null;
  if (target) {
    target.setAttribute("tabindex", "-1");
    target.focus();
  } else {
    next.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  document.dispatchEvent(new CustomEvent("sf:navigated"));
}

/**
 * The stylesheets and modules of the arriving page's head block (the
 * inbox's, the analytics') that this document has not loaded yet.
 */
function headAssets(doc, selector, attr) {
  const have = new Set($$(selector, document.head).map((el) => el.getAttribute(attr)));
  for (const el of $$(selector, doc.head)) {
    const url = el.getAttribute(attr);
    if (have.has(url)) continue;
    const add = document.createElement(el.tagName.toLowerCase());
    for (const a of el.attributes) add.setAttribute(a.name, a.value);
    document.head.append(add);
  }
}

async function load(url, init = {}, opts = {}) {
  progress.start();
  $("#main")?.setAttribute("aria-busy", "true");
  try {
    const resp = await fetch(url, { credentials: "same-origin", ...init });
    const type = resp.headers.get("content-type") || "";
    if (!type.includes("text/html")) {
      location.assign(resp.url);
      return;
    }
    const html = await resp.text();
    swap(html, resp.url, { ...opts, focus: resp.ok ? opts.focus : "errors" });
  } catch {
    $("#main")?.removeAttribute("aria-busy");
    toast(document.documentElement.dataset.offline || "Network error", "error");
  } finally {
    progress.done();
  }
}

function inPlaceAllowed(form) {
  return !form.closest("[data-reload]") && !form.matches("[data-theme-switch]") && !form.target;
}

function initForms() {
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (e.defaultPrevented || !(form instanceof HTMLFormElement) || !inPlaceAllowed(form)) return;
    const confirmText = e.submitter?.dataset.confirm || form.dataset.confirm;
    if (confirmText && !form.dataset.confirmed) {
      e.preventDefault();
      confirmDialog(confirmText, e.submitter?.textContent.trim(), () => {
        form.dataset.confirmed = "1";
        form.requestSubmit(e.submitter || undefined);
      });
      return;
    }
    e.preventDefault();
    const method = (form.getAttribute("method") || "get").toUpperCase();
    const url = new URL(form.getAttribute("action") || location.href, location.href);
    const data = new FormData(form, e.submitter || undefined);
    const init = { method };
    if (method === "GET") {
      url.search = new URLSearchParams(data).toString();
    } else {
      init.body = form.enctype === "multipart/form-data" ? data : new URLSearchParams(data);
    }
    busy(e.submitter, true);
    $("dialog[open]")?.close();
    const sending = hasFiles(data)
      ? upload(form, e.submitter, url.href, init.body)
      : load(url.href, init, { push: true, focus: "errors" });
    sending.finally(() => busy(e.submitter, false));
  });
}

function hasFiles(data) {
  return [...data.values()].some((v) => v instanceof File && v.size > 0);
}

/**
 * Sends a form with files over XHR (fetch cannot report upload progress),
 * showing how much has gone in a bar under the form, then shows the answer
 * like any in-place submit.
 */
function upload(form, submitter, url, body) {
  const root = document.documentElement;
  const label = root.dataset.uploadingLabel || "Uploading";
  const percent = new Intl.NumberFormat(root.lang || undefined, { style: "percent" });
  const status = Object.assign(document.createElement("div"), { className: "upload-status" });
  status.setAttribute("role", "status");
  const bar = Object.assign(document.createElement("progress"), { max: 100, value: 0 });
  bar.setAttribute("aria-label", label);
  const text = Object.assign(document.createElement("span"), { textContent: `${label}…` });
  status.append(bar, text);
  (submitter?.closest(".actions") || form).after(status);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", url);
  xhr.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable || !e.total) return;
    const part = e.loaded / e.total;
    bar.value = Math.round(part * 100);
    text.textContent = `${label}: ${percent.format(part)}`;
  });
  return new Promise((resolve) => {
    xhr.addEventListener("load", () => {
      const type = xhr.getResponseHeader("content-type") || "";
      const at = xhr.responseURL || url;
      if (type.includes("text/html")) swap(xhr.responseText, at, { push: true, focus: "errors" });
      else location.assign(at);
      resolve();
    });
    xhr.addEventListener("error", () => {
      toast(root.dataset.offline || "Network error", "error");
      resolve();
    });
    xhr.addEventListener("abort", () => resolve());
    xhr.send(body);
  }).finally(() => status.remove());
}

function initLinks() {
  document.addEventListener("click", (e) => {
    const a = e.target.closest?.("a[href]");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (a.matches("[data-confirm-page]")) {
      e.preventDefault();
      confirmPage(a.href);
      return;
    }
    if (!a.closest("[data-inplace]") || a.target || a.hasAttribute("download")) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.endsWith(".csv")) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    e.preventDefault();
    load(url.href, {}, { push: true });
  });
  window.addEventListener("popstate", () => load(location.href, {}, { push: false }));
}

// ----------------------------------------------------------- confirmations
function dialogShell() {
  const d = document.createElement("dialog");
  d.className = "confirm";
  d.addEventListener("close", () => d.remove());
  document.body.append(d);
  return d;
}

/** A destructive link opens its own confirmation page inside a dialog. */
async function confirmPage(href) {
  try {
    const resp = await fetch(href, { credentials: "same-origin" });
    const doc = new DOMParser().parseFromString(await resp.text(), "text/html");
    const box = $("[data-confirm-box]", doc);
    if (!resp.ok || !box) throw new Error("no confirmation");
    const d = dialogShell();
    d.setAttribute("aria-labelledby", "confirm-title");
    const h = $("h1", box);
    if (h) {
      const h2 = document.createElement("h2");
      h2.id = "confirm-title";
      h2.textContent = h.textContent;
      h.replaceWith(h2);
    }
    d.append(...box.childNodes);
    for (const c of $$("[data-cancel]", d)) {
      c.addEventListener("click", (ev) => {
        ev.preventDefault();
        d.close();
      });
    }
    enhance(d);
    d.showModal();
    $("[data-cancel]", d)?.focus();
  } catch {
    location.assign(href);
  }
}

/** A destructive button without a page of its own asks here first. */
function confirmDialog(text, action, onConfirm) {
  const d = dialogShell();
  const p = document.createElement("p");
  p.textContent = text;
  const row = document.createElement("div");
  row.className = "actions";
  const yes = Object.assign(document.createElement("button"), { type: "button", className: "btn-danger", textContent: action || "OK" });
  const no = Object.assign(document.createElement("button"), {
    type: "button",
    className: "btn-secondary",
    textContent: document.documentElement.dataset.cancelLabel || "Cancel",
  });
  yes.addEventListener("click", () => {
    d.close();
    onConfirm();
  });
  no.addEventListener("click", () => d.close());
  row.append(yes, no);
  d.append(p, row);
  d.showModal();
  no.focus();
}

// ------------------------------------------------------------------ fields
/** A long <select> gets a filter box (the time-zone picker). */
function searchableSelects(root) {
  for (const select of $$("select[data-searchable]", root)) {
    if (select.dataset.enhanced) continue;
    select.dataset.enhanced = "1";
    const box = document.createElement("input");
    box.type = "search";
    box.id = `${select.id}-filter`;
    box.placeholder = select.dataset.searchable;
    box.setAttribute("aria-label", select.dataset.searchable);
    box.setAttribute("aria-controls", select.id);
    box.autocomplete = "off";
    box.addEventListener("input", () => {
      const q = box.value.trim().toLowerCase();
      let first = null;
      for (const group of $$("optgroup", select)) {
        let any = false;
        for (const o of $$("option", group)) {
          const hit = !q || o.textContent.toLowerCase().includes(q) || o.value.toLowerCase().includes(q);
          o.hidden = !hit;
          if (hit) {
            any = true;
            first ??= o;
          }
        }
        group.hidden = !any;
      }
      if (first && q) select.value = first.value;
    });
    select.before(box);
    select.size = Math.min(8, select.options.length);
  }
}

/** Hidden fields that take the browser's time zone (first login, setup). */
function browserZone(root) {
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {}
  for (const input of $$("input[data-browser-zone]", root)) input.value = zone;
}

/** The caption counter follows typing (characters, hashtags, mentions). */
function captionCounter(root) {
  const out = $("[data-caption-counter]", root);
  if (!out) return;
  const caption = $("#caption", root);
  const tags = $("#hashtags", root);
  const first = $("#first-comment", root);
  const limits = JSON.parse(out.dataset.captionCounter || "{}");
  const labels = JSON.parse(out.dataset.labels || "{}");
  const update = () => {
    const text = [caption?.value || "", tags?.value || ""].join(" ");
    const chars = [...(caption?.value || "")].length + (tags?.value ? [...tags.value].length + 2 : 0);
    const hashtags = (text.match(/(^|\s)#[^\s#]+/gu) || []).length + ((first?.value || "").match(/(^|\s)#[^\s#]+/gu) || []).length;
    const mentions = (text.match(/(^|\s)@[\w.]+/gu) || []).length;
    const part = (n, max, label) => {
      const span = document.createElement("span");
      if (n > max) span.className = "over";
      span.textContent = label.replace("{n}", n).replace("{max}", max);
      return span;
    };
    out.replaceChildren(
      part(chars, limits.chars, labels.chars || "{n}/{max}"),
      " · ",
      part(hashtags, limits.hashtags, labels.hashtags || "# {n}/{max}"),
      " · ",
      part(mentions, limits.mentions, labels.mentions || "@ {n}/{max}"),
    );
  };
  for (const el of [caption, tags, first]) el?.addEventListener("input", update);
  update();
}

/** "Copy" next to a secret shown once. */
function copyButtons(root) {
  for (const code of $$("code.secret[data-copy]", root)) {
    if (code.dataset.enhanced) continue;
    code.dataset.enhanced = "1";
    const b = Object.assign(document.createElement("button"), { type: "button", className: "btn-secondary btn-sm", textContent: code.dataset.copy });
    b.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(code.textContent.trim());
        toast(code.dataset.copied || "✓", "ok");
      } catch {}
    });
    code.after(b);
  }
}

// ---------------------------------------------------------- live counters
function initCounters() {
  const spans = $$("[data-counter]");
  if (!spans.length || !document.querySelector(".shell")) return;
  let last = 0;
  const refresh = async () => {
    if (document.hidden || Date.now() - last < 20000) return;
    last = Date.now();
    try {
      const resp = await fetch("/ui/counts", { credentials: "same-origin", headers: { accept: "application/json" } });
      if (!resp.ok) return;
      const counts = await resp.json();
      for (const s of $$("[data-counter]")) {
        const n = counts[s.dataset.counter] || 0;
        s.textContent = n > 0 ? (n > 99 ? "99+" : String(n)) : "";
        const label = counts.labels?.[s.dataset.counter];
        if (label && n > 0) s.setAttribute("aria-label", label);
        else s.removeAttribute("aria-label");
      }
    } catch {}
  };
  refresh();
  setInterval(refresh, 60000);
  document.addEventListener("visibilitychange", refresh);
  document.addEventListener("sf:navigated", () => {
    last = 0;
    refresh();
  });
}

/** Filters apply as soon as a choice changes. */
function autosubmit(root) {
  for (const el of $$("select[data-autosubmit]", root)) {
    if (el.dataset.enhanced) continue;
    el.dataset.enhanced = "1";
    el.addEventListener("change", () => el.form?.requestSubmit());
  }
}

/** The composer shows only the fields the chosen kind of post uses. */
function kindFields(root) {
  const select = $("select[data-kind-select]", root);
  if (!select) return;
  const apply = () => {
    for (const el of $$("[data-for-kinds]", root)) {
      el.hidden = !el.dataset.forKinds.split(" ").includes(select.value);
    }
  };
  select.addEventListener("change", apply);
  apply();
}

function enhance(root) {
  autosubmit(root);
  kindFields(root);
  searchableSelects(root);
  browserZone(root);
  captionCounter(root);
  copyButtons(root);
}

initMenu();
initTheme();
initForms();
initLinks();
initCounters();
enhance(document);
