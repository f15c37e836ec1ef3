"""pytest set-up for the suite's cross-addon and pure-Python tests.

Makes ``odoo.addons.<suite addon>`` importable without a database (the addons' ``tools/``
are plain Python), and offers ``fake_http``: a real HTTP server on 127.0.0.1 playing an
external provider (the same helper the addons' Odoo tests use).
"""

import pathlib

import pytest

import odoo.addons

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT / "addons") not in list(odoo.addons.__path__):
    odoo.addons.__path__.append(str(ROOT / "addons"))

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer  # noqa: E402


@pytest.fixture
def fake_http():
    with FakeHTTPServer() as server:
        yield server


@pytest.fixture(scope="session")
def repo_root():
    return ROOT
