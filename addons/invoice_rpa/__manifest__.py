{
    "name": "Invoice RPA",
    "summary": "Monthly telecom-invoice processes: robot downloads, approval, S3 storage, SAT upload",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["ops_base", "mail", "queue_job"],
    "data": [
        "security/rpa_security.xml",
        "security/ir.model.access.csv",
        "views/rpa_operator_views.xml",
        "views/rpa_menus.xml",
    ],
    "demo": [
        "demo/rpa_operator_demo.xml",
    ],
    "installable": True,
}
