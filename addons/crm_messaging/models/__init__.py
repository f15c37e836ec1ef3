from . import (
    crm_lead,
    messaging_channel,
    messaging_channel_providers,
    messaging_channel_send,
    messaging_consent,
    messaging_inbox,
    messaging_inbox_processing,
    messaging_outbound,
    messaging_template,
)
