"""Set-up of the webhook benchmark (``bench_webhook_load.py``), run in an Odoo shell:

    OPS_MESSAGING_KEY=... bash tools/odoo.sh shell -d bench --no-http \\
        < addons/crm_messaging/tests/bench_webhook_setup.py

Creates (or reuses) a Quo channel with a fresh signing key and no rate limit, and a
``base.automation`` webhook (``/web/hook/<uuid>``) whose server action stores the payload
as an inbox row of a second channel: the closest equivalent of what our webhook stores.
Prints one JSON line with what the load script needs. Not a test: never imported by Odoo.
"""

import base64
import json
import os
import sys

from odoo import Command

env = env  # noqa: F821, PLW0127 (provided by the Odoo shell)

STORE_CODE = """
env['messaging.inbox'].sudo().create({
    'channel_id': record.id,
    'company_id': record.company_id.id,
    'provider_event_id': payload['id'],
    'event_type': payload['type'],
    'payload': str(payload),
    'state': 'ignored',
})
"""

Channel = env["messaging.channel"].sudo()
secret = base64.b64encode(os.urandom(32)).decode()
channel = Channel.search([("name", "=", "Bench Quo")], limit=1) or Channel.create(
    {"name": "Bench Quo", "channel_type": "quo"}
)
channel.write({"webhook_secret": secret, "rate_limit_per_minute": 0, "state": "connected"})
hook_channel = Channel.search([("name", "=", "Bench base_automation target")], limit=1) or Channel.create(
    {"name": "Bench base_automation target", "channel_type": "quo", "rate_limit_per_minute": 0}
)
model = env.ref("crm_messaging.model_messaging_channel")
automation = env["base.automation"].search([("name", "=", "Bench webhook")], limit=1)
if not automation:
    automation = env["base.automation"].create(
        {
            "name": "Bench webhook",
            "model_id": model.id,
            "trigger": "on_webhook",
            "record_getter": f"model.browse({hook_channel.id})",
            "action_server_ids": [
                Command.create(
                    {"name": "Bench: store the payload", "model_id": model.id, "state": "code", "code": STORE_CODE}
                )
            ],
        }
    )
env.cr.commit()
sys.stdout.write(
    json.dumps(
        {
            "channel_id": channel.id,
            "secret": secret,
            "hook_uuid": automation.webhook_uuid,
            "hook_channel_id": hook_channel.id,
        }
    )
    + "\n"
)
