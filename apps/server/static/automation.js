// The rule builder, enhanced: shows only the fields that fit the chosen
// trigger, post and match mode, and rebuilds the "In words" sentence while
// the user types (the server phrases it: the form is posted to the
// builder's preview address, debounced). Without script every field is
// shown, the server ignores the ones that do not fit, and the sentence is
// rebuilt on "Test this rule" and on a refused save.

const PREVIEW_WAIT_MS = 300;

function livePreview(form) {
  const url = form.dataset.previewUrl;
  const out = form.querySelector("[data-rule-preview]");
  if (!url || !out) return;
  let timer;
  let asked = 0;
  const ask = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const body = new URLSearchParams(new FormData(form));
        body.delete("intent");
        const resp = await fetch(url, { method: "POST", body, credentials: "same-origin" });
        // A slower earlier answer never overwrites a newer one.
        if (!resp.ok || mine !== asked) return;
        // The answer is an escaped HTML fragment; only its text is used.
        const doc = new DOMParser().parseFromString(await resp.text(), "text/html");
        out.textContent = doc.body.textContent;
      } catch {
        // Offline: the sentence stays as it was; saving still works.
      }
    }, PREVIEW_WAIT_MS);
  };
  form.addEventListener("input", ask);
  form.addEventListener("change", ask);
}

function update(form) {
  const trigger = form.querySelector("[data-trigger]")?.value || "comment";
  const comment = trigger === "comment";
  const post = form.querySelector("[data-post]")?.value || "any";
  const mode = form.querySelector("[data-mode]")?.value || "contains";
  const keywords = mode === "contains" || mode === "exact";
  const set = (el, show) => {
    if (show) el.removeAttribute("data-hidden");
    else el.setAttribute("data-hidden", "");
  };
  for (const el of form.querySelectorAll("[data-show]")) {
    const want = el.dataset.show;
    let show = want === trigger || (want === "message" && !comment);
    if (show && el.dataset.showPost) show = el.dataset.showPost === post;
    set(el, show);
  }
  for (const el of form.querySelectorAll("[data-show-mode]")) {
    const want = el.dataset.showMode;
    set(el, want === "keywords" ? keywords : want === mode);
  }
}

function init() {
  for (const form of document.querySelectorAll("[data-rule-builder]")) {
    if (form.dataset.ruleBuilderReady) continue;
    form.dataset.ruleBuilderReady = "1";
    update(form);
    form.addEventListener("change", () => update(form));
    livePreview(form);
  }
  const results = document.getElementById("test-results");
  if (results && !results.dataset.focused) {
    results.dataset.focused = "1";
    results.focus();
  }
}

init();
document.addEventListener("DOMContentLoaded", init);
// Pages swapped in place by app.js.
new MutationObserver(init).observe(document.documentElement, { childList: true, subtree: true });
