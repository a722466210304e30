// Comment on a selected passage: works with a mouse and on touch screens (selectionchange fires
// when a long-press selection is made or its handles are dragged). Without JavaScript every
// section still has its own "Comment" button and the form offers a paragraph number instead.
(() => {
  "use strict";
  const MAX_QUOTE = 2000;

  function sectionOf(node) {
    const el = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    const section = el ? el.closest("[data-quote-doc] .doc-section") : null;
    return section && section.querySelector("[data-comment-url]") ? section : null;
  }

  function paragraphNumber(section, node) {
    const body = section.querySelector(".markdown-body");
    if (!body) return "";
    let el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    while (el && el.parentElement !== body) el = el.parentElement;
    if (!el) return "";
    return String(Array.prototype.indexOf.call(body.children, el) + 1);
  }

  function init() {
    const bar = document.querySelector("[data-quote-bar]");
    if (!bar) return;
    const go = bar.querySelector("[data-quote-go]");
    const preview = bar.querySelector("[data-quote-preview]");
    let target = "";
    let timer = null;

    function hide() { bar.hidden = true; target = ""; }

    function update() {
      const selection = document.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) { hide(); return; }
      const text = selection.toString().replace(/\s+/g, " ").trim();
      const section = sectionOf(selection.anchorNode);
      if (!text || !section || section !== sectionOf(selection.focusNode)) { hide(); return; }
      const quote = text.slice(0, MAX_QUOTE);
      const url = new URL(section.querySelector("[data-comment-url]").dataset.commentUrl, window.location.href);
      url.searchParams.set("quote", quote);
      const paragraph = paragraphNumber(section, selection.getRangeAt(0).startContainer);
      if (paragraph) url.searchParams.set("paragraph", paragraph);
      target = url.toString();
      preview.textContent = "„" + (quote.length > 120 ? quote.slice(0, 117) + "…" : quote) + "“";
      bar.hidden = false;
    }

    document.addEventListener("selectionchange", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 250);  // wait until the touch handles stop moving
    });
    go.addEventListener("click", (event) => {
      event.preventDefault();
      if (target) window.location.assign(target);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
