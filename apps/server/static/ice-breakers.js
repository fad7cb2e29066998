// Ice breakers: the phone preview follows the questions as they are typed.
// The page works without this (the preview shows the saved questions).
for (const list of document.querySelectorAll("[data-ib-preview]")) {
  const code = list.dataset.ibPreview;
  const inputs = [...document.querySelectorAll(`[data-ib-question="${code}"]`)];
  const empty = document.querySelector(`[data-ib-empty="${code}"]`);
  const draw = () => {
    const questions = inputs.map((i) => i.value.trim()).filter((q) => q !== "");
    list.replaceChildren(...questions.map((q) => {
      const li = document.createElement("li");
      li.textContent = q;
      return li;
    }));
    if (empty) empty.hidden = questions.length > 0;
  };
  for (const i of inputs) i.addEventListener("input", draw);
}
