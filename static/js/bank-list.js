// Question list: "select the whole page" checkbox.
"use strict";
(function () {
  const all = document.getElementById("select-all");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll("#questions input[name=ids]").forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
