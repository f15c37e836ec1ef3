"""Test helper: give a test class its own key for one of the suite's secret boxes.

Each addon's box reads its key from an ``odoo.conf`` option (``box.CONFIG_KEY``), then
an environment variable (``box.ENV_KEY``). A test class installs a known key in the
option, hides the variable so the machine's own key cannot leak in, and puts both back
when the class is done. Plain Python: usable from any TransactionCase / HttpCase.
"""

import os

from odoo.tools import config

_MISSING = object()


def use_secret_key(test_class, box, key):
    """Install base64 ``key`` as the key of secret box module ``box`` (a module with
    ``CONFIG_KEY`` and ``ENV_KEY``) until ``test_class``'s class clean-up."""
    previous = config.options.get(box.CONFIG_KEY, _MISSING)
    previous_env = os.environ.pop(box.ENV_KEY, None)
    config[box.CONFIG_KEY] = key

    def restore():
        if previous is _MISSING:
            config.options.pop(box.CONFIG_KEY, None)
        else:
            config[box.CONFIG_KEY] = previous
        if previous_env is not None:
            os.environ[box.ENV_KEY] = previous_env

    test_class.addClassCleanup(restore)
