"""19.0.1.1.0 adds the conversation log (``messaging.message``) and calls
(``messaging.call``): back-fill them from the inbox rows earlier versions processed.

The notes those versions posted stay as they are. Each processed (*done*) row without a
log row or call is processed again in *back-fill* mode (context ``messaging_backfill``, see
``messaging.inbox._backfilling``): the customer is looked up, never created; nothing is
posted, scheduled or changed in the consent ledger. Rows are replayed in the order they
arrived, so a call's summary lands on the call. A row whose stored payload cannot be
filed is left out (and logged), each row in its own savepoint.
"""

import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_messaging.models.messaging_inbox import ProcessingError
from odoo.addons.crm_messaging.tools.conversations import UnusableMessage

_logger = logging.getLogger(__name__)


def backfill_conversation_log(env):
    """Back-fill the log and calls from processed inbox rows; the number of rows replayed."""
    Inbox = env["messaging.inbox"].with_context(messaging_backfill=True)
    done = Inbox.search([("state", "=", "done")], order="received_at, id")
    logged = (
        env["messaging.message"].search([("inbox_id", "in", done.ids)]).inbox_id
        | env["messaging.call"].search([("inbox_id", "in", done.ids)]).inbox_id
    )
    replayed = 0
    for pending in done - logged:
        row = pending.with_company(pending.company_id)
        if row.channel_id._provider_method("process") is None:
            continue
        try:
            with env.cr.savepoint():
                row.channel_id._process_inbox(row)
        except (ProcessingError, UnusableMessage) as exc:
            _logger.warning("messaging inbox %s: not back-filled: %s", row.id, exc)
            continue
        replayed += 1
    return replayed


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    count = backfill_conversation_log(env)
    _logger.info("crm_messaging: conversation log back-filled from %s inbox rows", count)
