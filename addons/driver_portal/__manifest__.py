{
    "name": "Driver Portal",
    "summary": "Phone-first /driver portal: stops in order, proof of delivery, payment collection",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["logistics_delivery", "portal", "fleet", "sale_stock", "account"],
    "data": [
        "security/driver_security.xml",
        "security/ir_rules.xml",
        "security/ir.model.access.csv",
        "data/driver_failure_reason_data.xml",
        "views/stock_picking_views.xml",
        "views/driver_failure_reason_views.xml",
        "views/driver_position_views.xml",
        "views/account_payment_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/stop_templates.xml",
        "report/report_deliveryslip.xml",
    ],
    "demo": [
        "demo/driver_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "driver_portal/static/src/interactions/*.js",
            "driver_portal/static/src/scss/driver_portal.scss",
        ],
        "web.assets_tests": [
            "driver_portal/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
