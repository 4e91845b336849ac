// A long list of schools to tick: a filter box narrows it by name or unit, without accents.
// Ticked schools stay ticked (and submitted) while the filter hides them.
"use strict";
(function () {
  const input = document.getElementById("school-filter");
  const list = document.getElementById("school-choices");
  if (!input || !list) return;
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  const items = Array.from(list.querySelectorAll("li")).map(function (li) {
    return { li: li, key: fold(li.textContent) };
  });
  input.closest(".filter-box").hidden = false;
  input.addEventListener("input", function () {
    const words = fold(input.value).split(" ").filter(Boolean);
    items.forEach(function (item) {
      item.li.hidden = !words.every(function (w) { return item.key.indexOf(w) >= 0; });
    });
  });
  // Enter in the filter box narrows the list; it does not submit the form half-chosen.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
})();
