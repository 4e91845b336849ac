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
  function strings() { return JSON.parse(document.getElementById("strings").textContent); }
  return { SHAPES: SHAPES, LETTERS: LETTERS, $: $, format: format, el: el, badge: badge, strings: strings };
})();
