from . import (
    chatwoot_conversation,
    messaging_call,
    messaging_channel,
    messaging_channel_demo,
    messaging_channel_inbound,
    messaging_channel_providers,
    messaging_channel_send,
    messaging_consent,
    messaging_consent_double_opt_in,
    messaging_customer_lock,
    messaging_inbox,
    messaging_inbox_chatwoot,
    messaging_inbox_consent,
    messaging_inbox_conversation,
    messaging_inbox_demo,
    messaging_inbox_health,
    messaging_inbox_processing,
    messaging_inbox_uazapi,
    messaging_last_contact,
    messaging_message,
    messaging_outbound,
    messaging_outbound_log,
    messaging_rate_limit,
    messaging_template,
    res_config_settings_inbound,
)

# isort: split
# Leads and contacts inherit the mixins above, which must be registered first.
from . import crm_lead, res_partner  # isort: skip

# isort: split
# SQL views on the tables above: Odoo initialises models in import order.
from . import messaging_conversation  # isort: skip
from . import messaging_activity_report, messaging_response_time  # isort: skip

