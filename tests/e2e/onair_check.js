// The on-air checks of onair.py, run in the page: returns a list of problems (empty: fine).
({scope, safe}) => {
  const problems = [];
  const visible = (el) => {
    for (let n = el; n && n !== document.body; n = n.parentElement) {
      if (n.hidden) return false;
      const style = getComputedStyle(n);
      if (style.display === "none" || style.visibility === "hidden" || Number(style.opacity) === 0) return false;
    }
    return true;
  };
  const roots = [...document.querySelectorAll(scope)].filter(visible);
  const texts = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim() || !visible(node.parentElement)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width < 1 || r.height < 1) continue;
        texts.push({el: node.parentElement, r, text: node.textContent.trim().slice(0, 40)});
        if (safe && (r.left < safe.left || r.right > safe.right || r.top < safe.top || r.bottom > safe.bottom)) {
          problems.push(`outside the safe area: "${node.textContent.trim().slice(0, 40)}" at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
        }
      }
    }
    // Clipped: a box that hides what it holds (overflow other than visible) and is too small.
    for (const el of [root, ...root.querySelectorAll("*")]) {
      if (!visible(el) || !el.textContent.trim()) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        problems.push(`clipped: "${el.textContent.trim().slice(0, 40)}" (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
      }
    }
  }
  // Text over text: two pieces of text from different elements that cover each other.
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i], b = texts[j];
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (w > 2 && h > 2) problems.push(`overlap: "${a.text}" and "${b.text}"`);
    }
  }
  return problems;
}
