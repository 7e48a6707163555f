// 화면 읽기 프로그램을 위한 보완: Material이 스크립트로 만드는 요소 가운데 이름이나 역할이 어긋난 것을 고칩니다.
// (tests/test_accessibility.py 의 axe 검사가 확인합니다.)
(() => {
  // Material (feature content.lazy) sets up a code block when it scrolls into view: it keeps
  // tabindex="0" on a block that scrolls sideways, so a keyboard can scroll it, and removes it from the
  // rest. Until then every block is focusable, or Tab would skip the wide blocks below the first screen
  // (axe: scrollable-region-focusable). No layout is read here: this stays cheap on long pages.
  document.querySelectorAll("pre > code:not([tabindex])").forEach((code) => code.setAttribute("tabindex", "0"));

  // A display formula wider than the column scrolls sideways (Material gives div.arithmatex overflow: auto),
  // so a keyboard must be able to reach it: it is focusable while it is wider (axe: scrollable-region-focusable).
  // A ResizeObserver reads the widths after the browser's own layout, so nothing forces one, and reads them
  // again when MathJax typesets a formula in place or the window changes width.
  const wide = new ResizeObserver((entries) => {
    for (const { target } of entries) {
      if (target.scrollWidth > target.clientWidth) target.setAttribute("tabindex", "0");
      else target.removeAttribute("tabindex");
    }
  });
  document.querySelectorAll("div.arithmatex").forEach((formula) => wide.observe(formula));

  // The search overlay is a dialog without a name (axe: aria-dialog-name).
  const search = document.querySelector('.md-search[role="dialog"]');
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "검색");

  // Material wraps each code block's copy button in its own <nav>: a page with several code blocks
  // then lists several unnamed "navigation" landmarks (axe: landmark-unique). The buttons are
  // tools of one code block, not site navigation, so the <nav> loses its landmark role.
  // Material inserts each <nav> by itself, so only the added nodes are looked at, not their subtrees:
  // MathJax adds thousands of nodes, and a deeper look at each showed up as a long task in Lighthouse.
  const plain = (nav) => nav.setAttribute("role", "none");
  document.querySelectorAll("nav.md-code__nav").forEach(plain);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeName === "NAV" && node.classList.contains("md-code__nav")) plain(node);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
