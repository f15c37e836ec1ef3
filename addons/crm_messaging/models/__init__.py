# Mixins first: the models below inherit them.
from . import messaging_circuit_breaker  # isort: skip

# isort: split
from . import (
    chatwoot_conversation,
    messaging_call,
    messaging_channel,
    messaging_consent,
    messaging_customer_lock,
    messaging_inbox,
    messaging_last_contact,
    messaging_message,
    messaging_outbound,
    messaging_rate_limit,
    messaging_template,
    res_config_settings,
)

# isort: split
# Provider plug-ins (each adds its channel type): one file per provider, after the core.
from . import messaging_channel_quo, messaging_channel_uazapi, messaging_channel_chatwoot  # isort: skip
from . import messaging_channel_sendgrid, messaging_channel_twilio  # isort: skip

# isort: split
# Leads and contacts inherit the mixins above, which must be registered first.
from . import crm_lead, res_partner  # isort: skip

# isort: split
# SQL views on the tables above: Odoo initialises models in import order.
from . import messaging_conversation  # isort: skip
from . import messaging_activity_report, messaging_response_time  # isort: skip
