// Fresh inbox data (progressive enhancement): while an inbox page is open,
// listen to /inbox/events (server-sent events: kind, account, Instagram id,
// counts, and a translated label; never message text) and show
// "N new — Show". "Show" loads the page again in place (app.js's in-place
// navigation), after which the stream starts over. Without script the bar
// stays hidden and the "Check for new" link and Refresh button reload.

let source = null;

const bar = () => document.querySelector("[data-live-bar]");

function counters(counts) {
  if (!counts) return;
  for (const s of document.querySelectorAll("[data-counter]")) {
    const n = counts[s.dataset.counter];
    if (typeof n !== "number") continue;
    s.textContent = n > 0 ? (n > 99 ? "99+" : String(n)) : "";
  }
}

function show(data) {
  const b = bar();
  if (!b) return;
  const text = b.querySelector("[data-live-text]");
  if (text) text.textContent = data.label || "";
  // Show this very page (with its filters), not the path it was built for.
  const link = b.querySelector("[data-live-show]");
  if (link) link.href = location.href;
  b.hidden = false;
}

function close() {
  if (source) source.close();
  source = null;
}

function open() {
  close();
  const b = bar();
  if (!b || typeof EventSource === "undefined") return;
  source = new EventSource(b.dataset.liveBar);
  source.addEventListener("inbox", (ev) => {
    let data;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return;
    }
    counters(data.counts);
    show(data);
    document.dispatchEvent(new CustomEvent("sf:inbox-event", { detail: data }));
  });
}

open();
// After an in-place navigation: a fresh page has its own bar (and shows
// what the stream had announced), another page has none.
document.addEventListener("sf:navigated", open);
