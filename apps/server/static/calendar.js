// The planner's drag and drop: a post dragged to another day or hour is
// moved there, a draft dragged from the tray is scheduled there, and on the
// grid preview a tile dropped on another swaps the two posts' times. Each
// drop posts the same form the page has without script (the clock button's
// Move form, the arrows' swap forms), with its CSRF token, asking for JSON;
// then the planner is read again. Without this file every form still works.

const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

function toast(text, kind) {
  const region = document.getElementById("toasts");
  if (!region || !text) return;
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  const p = document.createElement("p");
  p.textContent = text;
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "×";
  close.setAttribute("aria-label", document.documentElement.dataset.closeLabel || "×");
  close.addEventListener("click", () => el.remove());
  el.append(p, close);
  region.append(el);
  if (kind !== "error") setTimeout(() => el.remove(), 6000);
}

/** Reads the page again and puts its new planner in place of the old. */
async function refresh() {
  const resp = await fetch(location.href, { credentials: "same-origin" });
  const doc = new DOMParser().parseFromString(await resp.text(), "text/html");
  const next = doc.querySelector("[data-planner]");
  const here = document.querySelector("[data-planner]");
  if (next && here) {
    here.replaceWith(next);
    init(document);
  } else {
    location.reload();
  }
}

async function send(planner, url, fields, busyEl) {
  const body = new URLSearchParams({ csrf: planner.dataset.csrf, next: planner.dataset.next, ...fields });
  busyEl?.classList.add("busy");
  busyEl?.setAttribute("aria-busy", "true");
  try {
    const resp = await fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { accept: "application/json" },
    });
    const out = await resp.json().catch(() => ({ ok: false, message: resp.statusText, problems: [] }));
    if (out.ok) {
      toast(out.message, "ok");
      await refresh();
    } else {
      toast([out.message, ...(out.problems || [])].join(" "), "error");
      busyEl?.classList.remove("busy");
      busyEl?.removeAttribute("aria-busy");
    }
  } catch {
    toast(document.documentElement.dataset.offline || "Network error", "error");
    busyEl?.classList.remove("busy");
  }
}

/** The time a post dropped on `target` gets: the slot's hour with the
 * post's own minutes (week, day), or the post's time on another day
 * (month; a draft gets noon). */
function whenFor(target, chip) {
  const own = chip.dataset.hhmm || "";
  if (target.dataset.time) {
    const minutes = own ? own.slice(3, 5) : "00";
    return { date: target.dataset.date, time: `${target.dataset.time.slice(0, 2)}:${minutes}` };
  }
  return { date: target.dataset.date, time: own || "12:00" };
}

let dragged = null;

function init(root) {
  const planner = root.querySelector("[data-planner]");
  if (!planner || planner.dataset.enhanced) return;
  planner.dataset.enhanced = "1";
  const sources = $$("[draggable=true][data-post]", planner);
  for (const el of sources) {
    el.addEventListener("dragstart", (e) => {
      dragged = el;
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", el.dataset.post);
      el.classList.add("dragging");
    });
    el.addEventListener("dragend", () => {
      el.classList.remove("dragging");
      for (const t of $$(".drop-target", planner)) t.classList.remove("drop-target");
      dragged = null;
    });
  }
  // Slots and days take posts; on the grid, scheduled tiles take each other.
  const targets = $$(".slot[data-date], .calendar .day[data-date], .tile[data-post]", planner);
  for (const t of targets) {
    t.addEventListener("dragover", (e) => {
      if (!dragged || dragged === t) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
      t.classList.add("drop-target");
    });
    t.addEventListener("dragleave", (e) => {
      if (!t.contains(e.relatedTarget)) t.classList.remove("drop-target");
    });
    t.addEventListener("drop", (e) => {
      e.preventDefault();
      t.classList.remove("drop-target");
      const el = dragged || planner.querySelector(`[data-post="${CSS.escape(e.dataTransfer.getData("text/plain"))}"]`);
      if (!el || el === t) return;
      if (t.classList.contains("tile")) {
        send(planner, "/calendar/swap", { a: el.dataset.post, b: t.dataset.post }, el);
      } else {
        send(planner, "/calendar/move", { post: el.dataset.post, ...whenFor(t, el) }, el);
      }
    });
  }
  // Escape closes an open Move form and gives the focus back to its button.
  planner.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    const open = e.target.closest?.("details.move[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary")?.focus();
  });
}

init(document);
document.addEventListener("sf:navigated", () => init(document));
