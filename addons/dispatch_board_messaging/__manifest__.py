{
    "name": "Dispatch Board - Customer Messaging",
    "summary": "Tell customers their delivery day and window through the messaging channels",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["dispatch_board", "crm_messaging"],
    "data": [
        "views/res_config_settings_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
