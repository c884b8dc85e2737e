"""Compile every ``locale/*/LC_MESSAGES/*.po`` to ``.mo`` with polib (no GNU gettext needed).

Run by ``make run`` and ``make test`` so a fresh clone works without system packages. Fuzzy
entries are left out, as msgfmt does.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "locale"


def compile_all(root: Path = ROOT) -> int:
    count = 0
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue.fuzzy_entries():
            catalogue.remove(entry)
        catalogue.save_as_mofile(str(mo_path))
        count += 1
    return count


if __name__ == "__main__":
    compiled = compile_all()
    sys.stdout.write(f"compiled {compiled} message catalogue(s)\n")
