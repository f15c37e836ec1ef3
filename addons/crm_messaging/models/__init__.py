from . import (
    chatwoot_conversation,
    messaging_channel,
    messaging_channel_inbound,
    messaging_channel_providers,
    messaging_consent,
    messaging_inbox,
    messaging_inbox_chatwoot,
    messaging_inbox_consent,
    messaging_inbox_conversation,
    messaging_inbox_processing,
    messaging_inbox_uazapi,
    messaging_rate_limit,
)
