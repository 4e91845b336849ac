// Layout check run inside a page by the browser tests: returns a list of problems, empty when
// every visible piece of text sits inside the viewport, inside its own box and on nobody else's.
// `options.vertical === false` (phones) allows text below the fold, since a phone page scrolls.
(options) => {
  const vertical = !options || options.vertical !== false;
  const SLACK = 1.5;  // sub-pixel rounding of line boxes
  const problems = [];
  const describe = (node) => {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const id = element.id ? "#" + element.id : "";
    const classes = element.classList.length ? "." + [...element.classList].join(".") : "";
    const text = (node.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `${element.tagName.toLowerCase()}${id}${classes} "${text}"`;
  };
  const visible = (element) => {
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.display === "none") return false;
    for (let node = element; node; node = node.parentElement) {
      const s = getComputedStyle(node);
      if (s.display === "none" || Number(s.opacity) === 0) return false;
      // visually hidden, for screen readers only (clip: rect(0 0 0 0) in a 1px box)
      if (s.position === "absolute" && s.clip.startsWith("rect(0px") && node.clientWidth <= 1) return false;
    }
    return element.getClientRects().length > 0;
  };

  // 1. Every visible text node and its line boxes.
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const parent = node.parentElement;
    if (!parent || ["SCRIPT", "STYLE", "TEMPLATE", "OPTION", "DATALIST"].includes(parent.tagName)) continue;
    if (parent.closest("[hidden], [aria-hidden='true'] svg, svg")) continue;
    if (!visible(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
    if (rects.length) texts.push({ node, rects });
  }

  // 2. Nothing outside the viewport.
  const width = document.documentElement.clientWidth;
  const height = window.innerHeight;
  texts.forEach(({ node, rects }) => {
    rects.forEach((r) => {
      if (r.left < -SLACK || r.right > width + SLACK || (vertical && (r.top < -SLACK || r.bottom > height + SLACK))) {
        problems.push(`outside the viewport (${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)} of ${width}x${height}): ${describe(node)}`);
      }
    });
  });

  // 3. No two pieces of text on each other (an overlay that covers the page is not text on text).
  const overlaps = (a, b) => a.left < b.right - SLACK && b.left < a.right - SLACK && a.top < b.bottom - SLACK && b.top < a.bottom - SLACK;
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const hit = texts[i].rects.some((a) => texts[j].rects.some((b) => overlaps(a, b)));
      if (hit) problems.push(`text on text: ${describe(texts[i].node)} and ${describe(texts[j].node)}`);
    }
  }

  // 4. No text box cut: the box of each text and every ancestor that clips must hold its content.
  const checked = new Set();
  texts.forEach(({ node }) => {
    for (let element = node.parentElement; element && element !== document.documentElement; element = element.parentElement) {
      if (checked.has(element)) continue;
      checked.add(element);
      const style = getComputedStyle(element);
      if (style.display === "inline" || style.display === "contents") continue;
      const clips = style.overflowX !== "visible" || style.overflowY !== "visible";
      const own = element === node.parentElement;
      if (!clips && !own) continue;
      const wide = element.scrollWidth > element.clientWidth + SLACK;
      const tall = element.scrollHeight > element.clientHeight + SLACK;
      const scrollsByDesign = !vertical && (element === document.body || style.overflowY === "auto" || style.overflowY === "scroll");
      if (wide || (tall && !scrollsByDesign)) {
        problems.push(`clipped (${element.scrollWidth}x${element.scrollHeight} in ${element.clientWidth}x${element.clientHeight}): ${describe(element)}`);
      }
    }
  });
  return problems;
}
