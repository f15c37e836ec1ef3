from . import (
    messaging_channel,
    messaging_channel_providers,
    messaging_consent,
    messaging_inbox,
    messaging_inbox_processing,
)
