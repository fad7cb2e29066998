// Keyboard shortcuts for the inbox (progressive enhancement: every action
// is also a link or a button), on the triage list and in a thread view.
//
// List (`[data-triage-item]`): j/k next/previous item, o or Enter opens,
// r replies, e marks done (or reopens), x selects, ? shows the keys.
// Thread view (`[data-thread-item]`, one per comment thread): j/k
// next/previous thread, r puts the cursor in its reply box, e marks it
// done (or reopens), ? shows the keys. Never while typing in a field.
//
// Everything is looked up at the key press, so the keys keep working on
// pages that app.js swaps in place (this module runs once).

const ITEMS = "[data-triage-item], [data-thread-item]";
const items = () => Array.from(document.querySelectorAll(ITEMS));

function typing(target) {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}

/** The item the keys act on: the one marked current, the focused one,
 * or (in a thread view opened from the list) the one the address names. */
function currentIndex(all) {
  const marked = all.findIndex((el) => el.classList.contains("is-current"));
  if (marked >= 0) return marked;
  const active = document.activeElement && document.activeElement.closest(ITEMS);
  if (active) return all.indexOf(active);
  if (location.hash.length > 1) {
    const named = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const item = named && named.closest(ITEMS);
    if (item) return all.indexOf(item);
  }
  return -1;
}

function focusItem(all, i) {
  if (all.length === 0) return;
  const n = Math.max(0, Math.min(all.length - 1, i));
  all.forEach((el, k) => el.classList.toggle("is-current", k === n));
  all[n].focus({ preventScroll: true });
  all[n].scrollIntoView({ block: "nearest" });
}

function within(selector) {
  const all = items();
  const i = currentIndex(all);
  return i >= 0 ? all[i].querySelector(selector) : null;
}

function click(selector) {
  const el = within(selector);
  if (el) el.click();
  return !!el;
}

function reply() {
  if (click("[data-triage-reply]")) return;
  const box = within("[data-thread-reply]");
  if (box) {
    box.scrollIntoView({ block: "center" });
    box.focus();
  }
}

document.addEventListener("keydown", (ev) => {
  if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
  const all = items();
  if (all.length === 0 && ev.key !== "?") return;
  const keys = document.querySelector("[data-inbox-keys]");
  if (all.length === 0 && !keys) return;
  switch (ev.key) {
    case "j": focusItem(all, currentIndex(all) + 1); break;
    case "k": {
      const i = currentIndex(all);
      focusItem(all, i < 0 ? 0 : i - 1);
      break;
    }
    case "o": click("[data-triage-open]"); break;
    case "Enter":
      if (ev.target instanceof HTMLElement && ev.target.matches("[data-triage-item]")) click("[data-triage-open]");
      else return;
      break;
    case "r": reply(); break;
    case "e": click("[data-triage-done]"); break;
    case "x": click("input[name=items]"); break;
    case "?": {
      if (!keys) return;
      keys.open = !keys.open;
      if (keys.open) keys.querySelector("summary").focus();
      break;
    }
    default: return;
  }
  ev.preventDefault();
});

// "Select all" of the bulk form.
document.addEventListener("change", (ev) => {
  const all = ev.target instanceof HTMLElement && ev.target.closest("[data-select-all]");
  const list = document.getElementById("triage-list");
  if (!all || !list) return;
  list.querySelectorAll("input[name=items]").forEach((box) => { box.checked = all.checked; });
});
