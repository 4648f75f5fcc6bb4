// The site's own script. It loads the self-hosted KaTeX (copied into assets/vendor/
// by tools/site_hooks.py) only when the page on screen has a formula, on the first
// load and after every instant-navigation page change; keeps the pre-drawn diagrams
// drawn across instant navigation; keeps each glossary tooltip on a term's first use;
// and names Material's search dialog for screen readers.
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

  // Glossary terms: the build marks every use with its definition (an <abbr> with a
  // title, shown by Material as a tooltip). The first use on a page keeps it; later
  // uses read as plain text, so a paragraph isn't dotted with the same term.
  document$.subscribe(() => {
    const seen = new Set();
    document.querySelectorAll("article abbr[title]").forEach((abbr) => {
      const term = abbr.textContent;
      if (seen.has(term)) abbr.replaceWith(document.createTextNode(term));
      else seen.add(term);
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

// Phones and accessibility. Content that scrolls sideways (tables, code, display math,
// diagrams) becomes a named, keyboard-focusable group while it overflows its column, so
// it can be reached and scrolled without a mouse. Table cells with long text get a
// minimum width that grows with their text, so a narrow screen wraps them into a few
// lines instead of a tower of one-word lines (the table scrolls sideways instead).
// It also fills in names Material leaves empty (math in a table header, the nav of a
// section with its own index page) and takes copy buttons out of <nav> landmarks.
(function () {
  "use strict";
  const SCROLLING = new Set(["auto", "scroll"]);
  const CODE_NAMES = { python: "Python code", text: "Output", shell: "Shell commands" };
  const ADDED = "data-md-scroll-region"; // the attributes this script added, to undo them

  // The text a reader sees: KaTeX's MathML copy is kept, its drawn duplicate is not.
  function readableText(element) {
    const hidden = (node) => node.parentElement.closest(".katex-html, annotation");
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (hidden(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    let text = "";
    while (walker.nextNode()) text += walker.currentNode.nodeValue;
    return text.replace(/\s+/g, " ").trim();
  }

  function regionName(element) {
    const table = element.querySelector("table");
    if (table) {
      const headers = [...table.querySelectorAll("thead th")].map(readableText).filter(Boolean);
      return "Table: " + headers.slice(0, 3).join(", ") + (headers.length > 3 ? ", …" : "");
    }
    if (element.closest(".arithmatex")) return "Formula";
    if (element.closest(".mermaid") || element.querySelector(".mermaid")) return "Diagram";
    if (element.closest(".jupyter-wrapper")) {
      return element.closest(".jp-OutputArea-output") ? "Notebook output" : "Notebook code";
    }
    const block = element.closest("[class*='language-']");
    const language = block && /language-(\w+)/.exec(block.className)[1];
    return CODE_NAMES[language] || (language ? language + " code" : "Scrolling content");
  }

  function setIfMissing(element, name, value, added) {
    if (element.hasAttribute(name)) return;
    element.setAttribute(name, value);
    added.push(name);
  }

  function markScrollingRegions() {
    const article = document.querySelector("article");
    if (!article) return;
    article.querySelectorAll("div, pre, pre > code, figure").forEach((element) => {
      const overflows =
        SCROLLING.has(getComputedStyle(element).overflowX) &&
        element.scrollWidth > element.clientWidth + 1;
      const marked = element.hasAttribute(ADDED);
      if (overflows && !marked) {
        const added = [];
        setIfMissing(element, "tabindex", "0", added);
        setIfMissing(element, "role", "group", added);
        if (!element.hasAttribute("aria-labelledby")) {
          setIfMissing(element, "aria-label", regionName(element), added);
        }
        element.setAttribute(ADDED, added.join(" "));
      } else if (overflows && element.getAttribute(ADDED).includes("aria-label")) {
        element.setAttribute("aria-label", regionName(element)); // math may have been drawn since
      } else if (!overflows && marked) {
        for (const name of element.getAttribute(ADDED).split(" ").filter(Boolean)) {
          element.removeAttribute(name);
        }
        element.removeAttribute(ADDED);
      }
    });
  }

  function sizeTableCells() {
    document.querySelectorAll("article table:not([class]) :is(th, td)").forEach((cell) => {
      cell.style.setProperty("--md-cell-length", readableText(cell).length);
    });
  }

  // KaTeX draws math in table headers as MathML (hidden on screen) plus HTML hidden from
  // screen readers, which leaves the header without text that every tool can read.
  function nameHeaderMath() {
    document.querySelectorAll("article th .katex:not([aria-label])").forEach((katex) => {
      const mathml = katex.querySelector(".katex-mathml");
      if (!mathml) return;
      katex.setAttribute("role", "math");
      katex.setAttribute("aria-label", readableText(mathml));
    });
  }

  // With navigation.indexes, a section's nav is labelled by its expand toggle, which holds
  // only an icon; name it by the section title instead, so every nav has its own name.
  function nameSectionNavs() {
    document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach((nav) => {
      const label = document.getElementById(nav.getAttribute("aria-labelledby"));
      const title = nav.querySelector(":scope > .md-nav__title");
      if (label && !label.textContent.trim() && title && title.textContent.trim()) {
        nav.removeAttribute("aria-labelledby");
        nav.setAttribute("aria-label", title.textContent.trim());
      }
    });
  }

  // Material puts each code block's copy button in a <nav>: a page with ten code blocks
  // lists ten unnamed "navigation" landmarks. The button needs no landmark around it.
  function unwrapCodeButtons() {
    document.querySelectorAll("nav.md-code__nav").forEach((nav) => {
      const bar = document.createElement("div");
      bar.className = nav.className;
      bar.append(...nav.childNodes);
      nav.replaceWith(bar);
    });
  }

  // Math and diagrams are drawn after the page arrives, math fonts load later still, and
  // details, tabs and the window change size: check again after each, once per frame.
  let pending = false;
  function refresh() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      unwrapCodeButtons();
      sizeTableCells();
      nameHeaderMath();
      markScrollingRegions();
    });
  }
  const resized = new ResizeObserver(refresh);
  document$.subscribe(() => {
    nameSectionNavs();
    resized.disconnect();
    const article = document.querySelector("article");
    if (article) resized.observe(article);
    refresh();
  });
  window.addEventListener("resize", refresh);
  document.addEventListener("change", refresh); // content tabs are radio buttons
  document.addEventListener("toggle", refresh, true); // details open and close
  document.fonts.addEventListener("loadingdone", refresh); // KaTeX's fonts widen formulas
})();
