// Renders the page's math with the self-hosted KaTeX. pymdownx.arithmatex (generic)
// wraps each expression in .arithmatex with \( \) or \[ \] delimiters.
// tools/site_hooks.py loads this only on pages with math; Material re-runs it after
// every instant-navigation page change, so it renders the current page directly.
(function () {
  document.querySelectorAll(".arithmatex").forEach(function (element) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: true,
    });
  });
})();
