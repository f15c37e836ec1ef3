{
    "name": "Dispatch Board",
    "summary": "Plan deliveries by driver and day on a drag-and-drop board, optimise routes (PyVRP)",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["driver_portal", "logistics_delivery", "queue_job"],
    "external_dependencies": {"python": ["pyvrp"]},
    "data": [
        "security/dispatch_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "views/dispatch_plan_views.xml",
        "views/res_partner_views.xml",
        "views/stock_picking_views.xml",
        "views/fleet_vehicle_views.xml",
        "views/res_users_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/dispatch_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dispatch_board/static/src/board/*",
        ],
        "web.assets_tests": [
            "dispatch_board/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
