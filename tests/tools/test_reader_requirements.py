"""A reader installs one pinned file, docs/requirements.txt, and it is enough."""

from __future__ import annotations

from tools.macros import READER_REQUIREMENTS, install_line, reader_pins
from tools.pages import PROJECT_ROOT, all_pages, blocks_of, required_packages


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (PROJECT_ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            pins[line.partition("==")[0].lower()] = line
    return pins


def test_every_import_in_the_shown_code_is_covered():
    needed = set()
    for page in all_pages():
        needed |= required_packages(blocks_of(page))
    missing = needed - set(reader_pins())
    assert not missing, f"the pages import {sorted(missing)}; add them to {READER_REQUIREMENTS}"


def test_reader_versions_are_the_ones_that_produced_the_outputs():
    lock = lock_pins()
    for name, pin in reader_pins().items():
        assert lock.get(name) == pin, (
            f"{READER_REQUIREMENTS.name} has {pin}, requirements.txt {lock.get(name)}"
        )


def test_install_line_pins_what_it_names():
    assert install_line("numpy", "scikit-learn") == (
        f"pip install {reader_pins()['numpy']} {reader_pins()['scikit-learn']}"
    )
