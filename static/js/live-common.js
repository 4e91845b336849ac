// What the phone, big screen and host console scripts share: answer shapes and small DOM helpers.
"use strict";
window.quizappLive = (function () {
  const SHAPES = ["▲", "◆", "●", "■", "★", "⬟"];
  const LETTERS = "ABCDEF";
  function $(id) { return document.getElementById(id); }
  // "{n} người chơi" + {n: 3} -> "3 người chơi"; unknown placeholders stay as they are.
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
  }
  // Server data only ever goes in through textContent: nicknames may contain HTML.
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function badge(index) { return el("span", "answer-badge", SHAPES[index] + " " + LETTERS[index]); }
  let cached = null;
  function strings() {
    if (!cached) cached = JSON.parse(document.getElementById("strings").textContent);
    return cached;
  }
  // The text of a refusal in the page's language: the page's strings know every error code;
  // the server's own text, then `fallback`, for a code they don't know.
  function errorText(reply, fallback) {
    const known = strings().errors || {};
    if (reply && reply.error && known[reply.error]) return known[reply.error];
    return (reply && reply.message) || fallback;
  }
  // "1 player" / "2 players": `forms` is {one, other} from ngettext (Vietnamese: both alike).
  function plural(forms, n) {
    const text = typeof forms === "string" ? forms : (n === 1 ? forms.one : forms.other);
    return format(text, { n: n });
  }
  // A question's choice texts in the page's language: the engine names a true/false question's
  // two choices in Vietnamese ("Đúng", "Sai"); the page's strings carry them translated.
  function choiceTexts(q) {
    if (q.kind === "true_false" && strings().trueFalse) return strings().trueFalse;
    return q.choices;
  }
  return { SHAPES: SHAPES, LETTERS: LETTERS, $: $, format: format, el: el, badge: badge, strings: strings,
    errorText: errorText, plural: plural, choiceTexts: choiceTexts };
})();
