// "Best times this week" chips in the composer: fill the date and time in
// place (the links would reopen the composer, losing nothing only because
// the server keeps the fields it is given). The page works without this file.

for (const list of document.querySelectorAll("[data-best-times]")) {
  list.addEventListener("click", (event) => {
    const chip = event.target.closest("a[data-date][data-time]");
    const form = list.closest("form");
    const date = form?.querySelector("input[name=date]");
    const time = form?.querySelector("input[name=time]");
    if (!chip || !date || !time) return;
    event.preventDefault();
    date.value = chip.dataset.date;
    time.value = chip.dataset.time;
    for (const input of [date, time]) input.dispatchEvent(new Event("input", { bubbles: true }));
    for (const other of list.querySelectorAll("a")) other.classList.remove("chosen");
    chip.classList.add("chosen");
    time.focus();
  });
}
