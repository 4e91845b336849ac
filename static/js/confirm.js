// A form with data-confirm asks before it is sent ("Kết thúc ngay", deleting...): one click
// must not end something that cannot be undone. The question is the attribute's (translated) text.
"use strict";
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form && form.dataset ? form.dataset.confirm : null;
  if (question && !window.confirm(question)) event.preventDefault();
});
