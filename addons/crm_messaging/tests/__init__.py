from . import (
    test_access,
    test_channel_secrets,
    test_composer,
    test_composer_tour,
    test_outbound,
    test_outbound_channel,
    test_processing,
    test_senders,
    test_webhook,
)
