from . import (
    test_access,
    test_channel_secrets,
    test_consent_double_opt_in,
    test_conversation_tools,
    test_health,
    test_processing,
    test_processing_conversations,
    test_processing_failures,
    test_webhook,
    test_webhook_limits,
)
