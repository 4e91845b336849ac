// What the phone, big screen and host console scripts share: answer badges and small DOM helpers.
"use strict";
window.quizappLive = (function () {
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
  // An answer's shape and letter: the shape an SVG icon (static/js/icons.js), no font has them all.
  function shape(index, className) { return window.quizappIcons.shape(index, className); }
  function badge(index) {
    const node = el("span", "answer-badge");
    node.append(shape(index), el("span", "answer-badge-letter", LETTERS[index]));
    return node;
  }
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
  return { LETTERS: LETTERS, shape: shape, $: $, format: format, el: el, badge: badge, strings: strings,
    errorText: errorText, plural: plural, choiceTexts: choiceTexts };
})();
