"""Every Mermaid fence on the pages has its drawing, and every drawing has its fence.

The drawings are made by `make outputs` (tools/diagrams.py). A fence without one also
fails the build; this test names every such fence at once, and the drawings left
behind by edited fences.
"""

from __future__ import annotations

from tools.diagrams import DOCS_DIR, diagram_sources
from tools.site_hooks import DIAGRAMS_DIR, PROJECT_ROOT, diagram_path, renderer_versions


def test_every_diagram_has_its_drawing_and_every_drawing_its_diagram():
    versions = renderer_versions()
    sources = diagram_sources()
    assert sources, f"no ```mermaid fence found under {DOCS_DIR}"
    missing = [
        f"{page.relative_to(PROJECT_ROOT)}: {source.splitlines()[0]} …"
        for page, source in sources
        if not diagram_path(source, versions).is_file()
    ]
    wanted = {diagram_path(source, versions) for _, source in sources}
    unused = [p.name for p in sorted(DIAGRAMS_DIR.glob("*.svg")) if p not in wanted]
    assert not missing and not unused, (
        f"diagrams without a drawing: {missing}; drawings no diagram uses: {unused}. "
        "Run `make outputs`."
    )
