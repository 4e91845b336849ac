// Every symbol a page shows, drawn as an inline SVG icon in its text's colour: the bundled typeface
// (Be Vietnam Pro) has none of ✓ ✕ ★ ◉ ◐ ⟳ ♪ → or the answer shapes, and a phone's system font
// (Roboto on many Android phones) draws them as empty boxes or as colourful emoji.
// An icon is hidden from screen readers: the text beside it, or the element's aria-label, carries
// its meaning. Server-rendered pages mark an element with data-icon="name"; the icon is put in
// front of its content when this script runs (it is loaded with defer, before the page's own).
"use strict";
window.quizappIcons = (function () {
  const SVG_NS = "http://www.w3.org/2000/svg";
  // name: [how it is painted ("stroke": a 3-unit line, "fill", "evenodd": filled, holes cut), path in a 24×24 box]
  const ICONS = {
    check: ["stroke", "M4 12.5l5 5L20 6.5"],
    cross: ["stroke", "M6 6l12 12M18 6L6 18"],
    star: ["fill", "M12 2.5l2.9 6.1 6.6.8-4.9 4.5 1.3 6.5L12 17.1l-5.9 3.3 1.3-6.5-4.9-4.5 6.6-.8z"],
    bell: ["fill", "M12 2.5a1.5 1.5 0 0 1 1.5 1.5v.7A6.5 6.5 0 0 1 18.5 11v4.5l2 2.5v1h-17v-1l2-2.5V11a6.5 6.5 0 0 1 5-6.3V4A1.5 1.5 0 0 1 12 2.5zM9.5 20h5a2.5 2.5 0 0 1-5 0z"],
    phone: ["fill", "M6.6 2.8l2.6-.4 1.9 4.6-1.9 1.6a11 11 0 0 0 6.2 6.2l1.6-1.9 4.6 1.9-.4 2.6c-.2 1.2-1.3 2.1-2.5 2.1C10.4 19.5 4.5 13.6 4.5 5.3c0-1.2.9-2.3 2.1-2.5z"],
    clock: ["stroke", "M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17zM12 7.5V12l3.5 2.5"],
    crown: ["fill", "M3 7.5l4.5 4 4.5-7 4.5 7 4.5-4-1.8 11H4.8zM4.8 20h14.4v1.5H4.8z"],
    play: ["fill", "M7 4.5l13 7.5-13 7.5z"],
    ban: ["stroke", "M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17zM6 6l12 12"],
    pen: ["fill", "M15.5 3.5l5 5L9 20H4v-5zM13.5 5.5l5 5"],
    pause: ["fill", "M6.5 4.5h4v15h-4zM13.5 4.5h4v15h-4z"],
    arrow: ["stroke", "M4 12h15M13.5 6.5L19 12l-5.5 5.5"],
    back: ["fill", "M17 4.5L4 12l13 7.5z"],
    undo: ["stroke", "M9 5L4.5 9.5 9 14M4.5 9.5H14a5.5 5.5 0 0 1 0 11h-3"],
    again: ["stroke", "M19.5 12a7.5 7.5 0 1 1-2.2-5.3M19.5 3.5V8H15"],
    sound: ["fill", "M3.5 9h4l5-4.5v15l-5-4.5h-4zM15.5 8.5a5 5 0 0 1 0 7l-1.2-1.2a3.3 3.3 0 0 0 0-4.6zM17.8 6.2a8.3 8.3 0 0 1 0 11.6l-1.2-1.2a6.6 6.6 0 0 0 0-9.2z"],
    mute: ["fill", "M3.5 9h4l5-4.5v15l-5-4.5h-4zM15 9.5l1.1-1.1 2.4 2.4 2.4-2.4 1.1 1.1-2.4 2.4 2.4 2.4-1.1 1.1-2.4-2.4-2.4 2.4-1.1-1.1 2.4-2.4z"],
    lock: ["fill", "M7.5 10V7.5a4.5 4.5 0 0 1 9 0V10h1.5v10.5H6V10zM10 10h4V7.5a2 2 0 0 0-4 0z"],
    // a half-right answer: a circle, its left half filled
    partial: ["evenodd", "M12 2.5a9.5 9.5 0 1 0 0 19 9.5 9.5 0 0 0 0-19zM12 5v14a7 7 0 0 0 0-14z"],
    // a buzzer ready but not yet armed: an empty circle
    ring: ["stroke", "M12 4a8 8 0 1 0 0 16 8 8 0 0 0 0-16z"],
    // a flagged (too fast) answer
    bolt: ["fill", "M13.5 2.5L4.5 13.5h6.5l-1.5 8 9-11h-6.5z"],
    // the answers' shapes (the glyphs ▲ ◆ ● ■ ★ ⬟ no font can be trusted with)
    shape0: ["fill", "M12 3.5l9.5 17h-19z"],
    shape1: ["fill", "M12 2.5l9.5 9.5-9.5 9.5-9.5-9.5z"],
    shape2: ["fill", "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z"],
    shape3: ["fill", "M4 4h16v16H4z"],
    shape4: ["fill", "M12 2.5l2.9 6.1 6.6.8-4.9 4.5 1.3 6.5L12 17.1l-5.9 3.3 1.3-6.5-4.9-4.5 6.6-.8z"],
    shape5: ["fill", "M12 2.5l9.5 6.9-3.6 11.1H6.1L2.5 9.4z"],
  };

  // An <svg class="icon icon-NAME [className]"> in the text's colour, hidden from screen readers.
  function icon(name, className) {
    const spec = ICONS[name];
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon icon-" + name + (className ? " " + className : ""));
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", spec ? spec[1] : "");
    if (spec && spec[0] === "stroke") {
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "3");
      path.setAttribute("stroke-linecap", "round");
      path.setAttribute("stroke-linejoin", "round");
    } else {
      path.setAttribute("fill", "currentColor");
      if (spec && spec[0] === "evenodd") path.setAttribute("fill-rule", "evenodd");
    }
    svg.append(path);
    return svg;
  }

  function span(className, text) {
    const node = document.createElement("span");
    node.className = className;
    node.textContent = text;
    return node;
  }

  // A node's content: an icon, then its text.
  function iconLabel(node, iconName, text) {
    node.replaceChildren(icon(iconName), span("icon-text", text));
    return node;
  }

  // Every [data-icon] element under root gets its icon in front of its content, once.
  function iconize(root) {
    (root || document).querySelectorAll("[data-icon]").forEach(function (node) {
      if (node.dataset.iconDrawn === node.dataset.icon) return;
      const old = node.querySelector(":scope > .icon[data-drawn]");
      if (old) old.remove();
      // "icon-lead": it leads a text (a gap after it), rather than standing alone.
      const svg = icon(node.dataset.icon, node.textContent.trim() ? "icon-lead" : "");
      svg.setAttribute("data-drawn", "");
      node.prepend(svg);
      node.dataset.iconDrawn = node.dataset.icon;
    });
  }

  // An order ("C → A → B → D", "first → second …"; or a list of its parts) with its arrows drawn.
  function orderText(node, order) {
    const parts = Array.isArray(order) ? order : String(order || "").split(" → ");
    node.replaceChildren();
    parts.forEach(function (part, i) {
      if (i) node.append(icon("arrow", "order-arrow"));
      node.append(span("order-part", part));
    });
    return node;
  }

  // An answer's shape: its icon (index 0–5).
  function shape(index, className) { return icon("shape" + index, "shape" + (className ? " " + className : "")); }

  iconize(document);
  return { ICONS: ICONS, icon: icon, iconLabel: iconLabel, iconize: iconize, orderText: orderText, shape: shape };
})();
