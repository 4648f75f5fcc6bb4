// The site's own script. It loads the self-hosted KaTeX (copied into assets/vendor/
// by tools/site_hooks.py) only when the page on screen has a formula, on the first
// load and after every instant-navigation page change; keeps the pre-drawn diagrams
// drawn across instant navigation; and names Material's search dialog for screen
// readers.
(function () {
  "use strict";
  const vendor = new URL("../vendor/", document.currentScript.src).href;

  function once(load) {
    let promise;
    return () => promise || (promise = load());
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error("could not load " + src));
      document.head.appendChild(script);
    });
  }

  function loadStylesheet(href) {
    return new Promise((resolve, reject) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = resolve;
      link.onerror = () => reject(new Error("could not load " + href));
      document.head.appendChild(link);
    });
  }

  // Diagrams are drawn when the site is built (tools/diagrams.py) and arrive as
  // <template shadowrootmode="open"> inside div.mermaid. The HTML parser attaches
  // those shadow roots on a full page load, but not in a page that instant
  // navigation swaps in; attach the ones left over.
  document$.subscribe(() => {
    document.querySelectorAll(".mermaid > template[shadowrootmode]").forEach((template) => {
      const host = template.parentElement;
      if (host.shadowRoot) return;
      host.attachShadow({ mode: "open" }).appendChild(template.content);
      template.remove();
    });
  });

  // Material's search overlay has role="dialog" but no accessible name.
  const search = document.querySelector(".md-search[role=dialog]");
  if (search) search.setAttribute("aria-label", "Search the course");

  // Notebook code cells scroll sideways; make each reachable with the keyboard.
  document$.subscribe(() => {
    document
      .querySelectorAll(".jupyter-wrapper .highlight-ipynb, .jupyter-wrapper .jp-OutputArea-output pre")
      .forEach((element) => element.setAttribute("tabindex", "0"));
  });

  // pymdownx.arithmatex (generic) wraps each formula in .arithmatex with \( \) or \[ \].
  const loadKatex = once(() =>
    Promise.all([
      loadStylesheet(vendor + "katex/katex.min.css"),
      loadScript(vendor + "katex/katex.min.js").then(() =>
        loadScript(vendor + "katex/contrib/auto-render.min.js")
      ),
    ])
  );
  document$.subscribe(() => {
    const formulas = document.querySelectorAll(".arithmatex");
    if (formulas.length === 0) return;
    loadKatex()
      .then(() =>
        formulas.forEach((element) =>
          renderMathInElement(element, {
            delimiters: [
              { left: "\\(", right: "\\)", display: false },
              { left: "\\[", right: "\\]", display: true },
            ],
            throwOnError: true,
          })
        )
      )
      .catch((error) => console.error(error));
  });
})();
