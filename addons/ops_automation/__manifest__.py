{
    "name": "Automations (audit, dry run, messaging)",
    "summary": "Execution audit, dry run and safety for Odoo automation rules; send-message action and "
    "messaging triggers",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["base_automation", "ops_base", "crm_messaging", "queue_job"],
    "data": [
        "security/ir.model.access.csv",
        "data/ops_automation_data.xml",
        "views/base_automation_execution_views.xml",
        "views/base_automation_views.xml",
        "views/ir_actions_server_views.xml",
        "views/ops_automation_send_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/base_automation_test_views.xml",
        "views/ops_automation_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "ops_automation/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/ops_automation_demo.xml",
    ],
    "installable": True,
}
