from . import (
    ai_allowed_model,
    ai_assistant,
    ai_conversation,
    ai_rule,
    ai_tool,
    ai_usage,
    discuss_channel,
    ir_rule,
    messaging_channel,
    messaging_message,
    res_company,
    res_config_settings,
)
