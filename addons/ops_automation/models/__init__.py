from . import (
    base_automation,
    base_automation_audit,
    base_automation_execution,
    ir_actions_server,
    ir_actions_server_messaging,
    ops_automation_send,
    res_config_settings,
)
