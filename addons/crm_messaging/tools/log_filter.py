"""Mask webhook tokens carried in URLs (``?token=…``) in the server's access log.

Uazapi cannot send custom headers with its webhooks, so its token travels in the URL
registered there, and Odoo's access log (the request line, logged by werkzeug's request
handler on the ``werkzeug`` logger, see ``odoo/service/server.py``) would write it to disk.
A logging filter on that logger rewrites ``token=<value>`` as ``token=***`` before any
handler sees the record. Plain Python, no ORM.
"""

import logging
import re

TOKEN_PARAM = re.compile(r"([?&]token=)[^&\s\"#]*", re.IGNORECASE)
LOGGER_NAME = "werkzeug"


def mask_tokens(text):
    """``text`` with the value of every ``token`` query parameter replaced by ``***``."""
    return TOKEN_PARAM.sub(r"\1***", text)


class TokenMaskFilter(logging.Filter):
    """Rewrites the message of records that carry a ``token=`` query parameter."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        if "token=" in message.lower():
            record.msg, record.args = mask_tokens(message), ()
        return True


def install(logger_name=LOGGER_NAME):
    """Add the filter to ``logger_name`` once per process (idempotent)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(existing, TokenMaskFilter) for existing in logger.filters):
        logger.addFilter(TokenMaskFilter())
