// The rule builder, enhanced: shows only the fields that fit the chosen
// trigger, post and match mode. Without script every field is shown and the
// server ignores the ones that do not fit.

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
