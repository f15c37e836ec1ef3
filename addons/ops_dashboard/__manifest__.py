{
    "name": "Operations Dashboard",
    "summary": "Live Owl dashboard for managers: deliveries, revenue, cash, RPA, messaging, weather",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["ops_base", "web", "bus"],
    "data": [
        "security/dashboard_security.xml",
        "security/ir.model.access.csv",
        "views/dashboard_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/dashboard_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "ops_dashboard/static/src/**/*",
        ],
        "web.assets_tests": [
            "ops_dashboard/static/tests/tours/**/*",
        ],
        # loaded on demand by the map (not in every backend page)
        "ops_dashboard.leaflet_lib": [
            "ops_base/static/lib/leaflet/leaflet.css",
            "ops_base/static/lib/leaflet/leaflet.js",
        ],
    },
    "installable": True,
}
