{
    "name": "Operations Dashboard: Deliveries",
    "summary": "Deliveries section of the Operations dashboard: stops, on-time rate, drivers' map, cash",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["ops_dashboard", "driver_portal"],
    "data": [
        "security/dashboard_delivery_security.xml",
    ],
    "auto_install": True,
    "installable": True,
}
