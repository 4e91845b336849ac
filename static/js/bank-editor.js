// Question editor: show the fields of the chosen kind and a live preview of the phone screen.
"use strict";
(function () {
  const form = document.getElementById("question-form");
  const preview = document.getElementById("preview");
  if (!form || !preview) return;
  const kind = form.elements.namedItem("kind");
  const SHAPES = ["▲", "◆", "●", "■", "★", "⬟"];
  const LETTERS = "ABCDEF";

  function lines(name) {
    const field = form.elements.namedItem(name);
    return field ? field.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean) : [];
  }

  function choiceTexts() {
    const out = [];
    for (let i = 0; i < 6; i++) {
      const text = form.elements.namedItem("choices-" + i + "-text");
      const correct = form.elements.namedItem("choices-" + i + "-correct");
      if (text && text.value.trim()) out.push({ text: text.value.trim(), correct: correct && correct.checked });
    }
    return out;
  }

  function answerButton(index, label, correct) {
    const button = document.createElement("div");
    button.className = "answer answer-" + index + (correct ? " is-correct" : "");
    const badge = document.createElement("span");
    badge.className = "answer-badge";
    badge.textContent = SHAPES[index] + " " + LETTERS[index];
    const text = document.createElement("span");
    text.textContent = label;
    button.append(badge, text);
    return button;
  }

  function render() {
    const value = kind.value;
    form.querySelectorAll(".kind-part").forEach(function (part) {
      part.hidden = part.dataset.kinds.split(" ").indexOf(value) < 0;
    });
    document.getElementById("preview-text").textContent = form.elements.namedItem("text").value;
    const answers = document.getElementById("preview-answers");
    answers.replaceChildren();
    answers.className = "phone-answers kind-" + value;
    if (value === "single" || value === "multiple" || value === "poll") {
      choiceTexts().forEach(function (c, i) { answers.append(answerButton(i, c.text, c.correct && value !== "poll")); });
    } else if (value === "true_false") {
      const isTrue = form.elements.namedItem("answer").value === "true";
      answers.append(answerButton(0, preview.dataset.true, isTrue), answerButton(1, preview.dataset.false, !isTrue));
    } else if (value === "type_answer") {
      const box = document.createElement("div");
      box.className = "typed";
      box.textContent = preview.dataset.type;
      answers.append(box);
    } else if (value === "ordering") {
      lines("items").forEach(function (item, i) { answers.append(answerButton(i, item, false)); });
    } else if (value === "open") {
      const box = document.createElement("div");
      box.className = "typed";
      box.textContent = preview.dataset.oral;
      answers.append(box);
    }
    document.getElementById("preview-explain").textContent = form.elements.namedItem("explanation").value;
  }

  form.addEventListener("input", render);
  form.addEventListener("change", render);
  render();
})();
