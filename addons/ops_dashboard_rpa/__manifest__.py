{
    "name": "Operations Dashboard: Invoice RPA",
    "summary": "Invoice RPA section of the Operations dashboard: processes by state, robots, approvals",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["ops_dashboard", "invoice_rpa"],
    "data": [
        "security/dashboard_rpa_security.xml",
    ],
    "auto_install": True,
    "installable": True,
}
