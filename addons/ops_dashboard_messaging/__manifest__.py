{
    "name": "Operations Dashboard: Messaging",
    "summary": "Messaging section of the Operations dashboard: inbound per channel, waiting replies, calls, leads",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["ops_dashboard", "crm_messaging"],
    "data": [
        "security/dashboard_messaging_security.xml",
    ],
    "auto_install": True,
    "installable": True,
}
