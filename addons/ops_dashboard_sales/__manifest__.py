{
    "name": "Operations Dashboard: Sales",
    "summary": "Sales & pricing section of the Operations dashboard: revenue, distance-priced quotations",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["ops_dashboard", "logistics_delivery"],
    "data": [
        "security/dashboard_sales_security.xml",
    ],
    "auto_install": True,
    "installable": True,
}
