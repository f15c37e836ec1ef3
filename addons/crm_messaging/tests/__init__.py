from . import (  # outbound
    test_access,
    test_channel_secrets,
    test_outbound,
    test_processing,
    test_senders,
    test_webhook,
)
