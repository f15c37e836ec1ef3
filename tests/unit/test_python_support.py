"""Which Pythons the suite runs on, said once and checked against Odoo's own pins.

Odoo 19 pins a different PDF library per Python (its requirements.txt): PyPDF2 1.26 on
3.10 (no ``PdfReader``), PyPDF2 2.12 on 3.11 and 3.12, pypdf 5 on 3.13 (no ``PyPDF2`` at
all). invoice_rpa reads robot PDFs with PyPDF2 2.x inside explicit limits
(``invoice_rpa/tools/pdf_guard.py`` wraps that version's decoders), so the suite supports
exactly the Pythons on which Odoo installs PyPDF2 2.x. The README and ``tools/setup.sh``
must say the same range.
"""

import pathlib
import re

from packaging.markers import Marker
from packaging.requirements import Requirement

import odoo.release

ROOT = pathlib.Path(__file__).resolve().parents[2]
ODOO_REQUIREMENTS = pathlib.Path(odoo.release.__file__).resolve().parents[1] / "requirements.txt"


def readme_range():
    match = re.search(r"Python 3\.(\d+)[\u2013-]3\.(\d+)", (ROOT / "README.md").read_text())
    assert match, "the README names the supported Pythons as 'Python 3.X-3.Y' (with an en dash)"
    return int(match[1]), int(match[2])


def setup_range():
    text = (ROOT / "tools" / "setup.sh").read_text()
    match = re.search(r"\(3, (\d+)\) <= sys\.version_info\[:2\] <= \(3, (\d+)\)", text)
    assert match, "tools/setup.sh checks the Python version"
    return int(match[1]), int(match[2])


def pdf_library(minor):
    """(name, version) of the PDF library Odoo's requirements install on Python 3.minor."""
    env = {"python_version": f"3.{minor}", "sys_platform": "linux", "platform_system": "Linux"}
    for raw in ODOO_REQUIREMENTS.read_text().splitlines():
        line = raw.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement = Requirement(line)
        if requirement.name.lower() not in ("pypdf2", "pypdf"):
            continue
        if requirement.marker is None or Marker(str(requirement.marker)).evaluate(env):
            return requirement.name, str(requirement.specifier).lstrip("=")
    return None


def test_readme_and_setup_agree():
    assert setup_range() == readme_range()


def test_every_supported_python_gets_pypdf2_2():
    low, high = readme_range()
    for minor in range(low, high + 1):
        name, version = pdf_library(minor)
        assert name == "PyPDF2" and version.startswith("2."), (minor, name, version)


def test_the_pins_exclude_the_neighbours():
    """The check above can fail: 3.10 and 3.13 get another PDF library from Odoo."""
    assert pdf_library(10) == ("PyPDF2", "1.26.0")
    assert pdf_library(13)[0] == "PyPDF"
