// Keyboard shortcuts and "select all" for the inbox's triage list
// (progressive enhancement: every action is also a link or a button).
// j/k move between items, o or Enter opens, r replies, e marks done (or
// reopens), x selects, ? shows the list of keys. Never while typing.

const list = document.getElementById("triage-list");
const items = () => Array.from(document.querySelectorAll("[data-triage-item]"));
let current = -1;

function typing(target) {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}

function focusItem(i) {
  const all = items();
  if (all.length === 0) return;
  current = Math.max(0, Math.min(all.length - 1, i));
  all.forEach((el, n) => el.classList.toggle("is-current", n === current));
  all[current].focus({ preventScroll: true });
  all[current].scrollIntoView({ block: "nearest" });
}

function currentItem() {
  const all = items();
  if (current < 0 || current >= all.length) {
    const active = document.activeElement && document.activeElement.closest("[data-triage-item]");
    current = active ? all.indexOf(active) : -1;
  }
  return current >= 0 ? all[current] : null;
}

function click(selector) {
  const item = currentItem();
  const el = item && item.querySelector(selector);
  if (el) el.click();
}

document.addEventListener("keydown", (ev) => {
  if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
  switch (ev.key) {
    case "j": focusItem(current + 1); break;
    case "k": focusItem(current < 0 ? 0 : current - 1); break;
    case "o": click("[data-triage-open]"); break;
    case "Enter":
      if (ev.target instanceof HTMLElement && ev.target.matches("[data-triage-item]")) click("[data-triage-open]");
      else return;
      break;
    case "r": click("[data-triage-reply]"); break;
    case "e": click("[data-triage-done]"); break;
    case "x": click("input[name=items]"); break;
    case "?": {
      const keys = document.getElementById("triage-keys");
      if (keys) { keys.open = !keys.open; if (keys.open) keys.querySelector("summary").focus(); }
      break;
    }
    default: return;
  }
  ev.preventDefault();
});

const all = document.querySelector("[data-select-all]");
if (all && list) {
  all.addEventListener("change", () => {
    list.querySelectorAll("input[name=items]").forEach((box) => { box.checked = all.checked; });
  });
}
