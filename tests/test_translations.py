"""The Dutch catalogues are complete and `make messages` keeps them so: run on a copy of the
source, it extracts every message into the catalogue of the app the message is in, and each must
then have a reviewed translation. A message that sat in another app's catalogue, or that
makemessages guessed from a similar one (marked fuzzy, not used at runtime), is a Dutch screen
showing English."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = ["--ignore=.venv", "--ignore=static/vendor", "--ignore=tests", "--ignore=benchmarks"]
MAKEMESSAGES = ["makemessages", "-l", "nl", *IGNORE]
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__", "media", "staticfiles",
                                     "static", "benchmarks", "tests")


def catalogues(root: Path) -> list[Path]:
    return sorted([root / "locale/nl/LC_MESSAGES/django.po", *root.glob("*/locale/nl/LC_MESSAGES/django.po")])


def entries(catalogue: Path, *flags: str) -> list[str]:
    msgattrib = shutil.which("msgattrib")
    assert msgattrib, "GNU gettext (msgattrib) is needed: .ci/run installs it"
    out = subprocess.run([msgattrib, *flags, "--no-obsolete", "--no-wrap", str(catalogue)],  # noqa: S603
                         capture_output=True, text=True,
                         check=True).stdout
    # The header is an entry with an empty msgid; the rest are messages (one line each: --no-wrap).
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def test_the_makefile_extracts_with_these_arguments():
    assert f"manage.py makemessages -l nl -l en {' '.join(IGNORE)}" in (ROOT / "Makefile").read_text()


def test_make_messages_leaves_every_dutch_message_translated_and_none_a_guess(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
    subprocess.run([sys.executable, "manage.py", *MAKEMESSAGES], cwd=copy, check=True, capture_output=True,  # noqa: S603
                   env={**os.environ, "PYTHONPATH": str(copy)})
    found = catalogues(copy)
    assert {p.relative_to(copy).parts[0] for p in found} >= {
        "locale", "accounts", "cases", "mandates", "partners", "privacy", "reporting", "surveys"}
    problems = {str(p.relative_to(copy)): {"untranslated": entries(p, "--untranslated"),
                                           "fuzzy": entries(p, "--only-fuzzy")} for p in found}
    assert {name: found for name, found in problems.items() if found["untranslated"] or found["fuzzy"]} == {}
