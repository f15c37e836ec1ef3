{
    "name": "Operations Dashboard",
    "summary": "Live Owl dashboard for managers: deliveries, revenue, cash, RPA, messaging",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["ops_base", "web", "bus"],
    "data": [
        "security/dashboard_security.xml",
        "views/dashboard_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "ops_dashboard/static/src/**/*",
        ],
        "web.assets_tests": [
            "ops_dashboard/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
