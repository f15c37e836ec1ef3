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
        "data/ir_cron.xml",
        "views/rpa_operator_views.xml",
        "views/rpa_process_views.xml",
        "views/rpa_schedule_views.xml",
        "views/res_partner_views.xml",
        "views/rpa_menus.xml",
        "views/res_config_settings_views.xml",
        "views/rpa_process_file_views.xml",
    ],
    "demo": [
        "demo/rpa_operator_demo.xml",
        "demo/rpa_process_demo.xml",
        "demo/rpa_file_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "invoice_rpa/static/tests/tours/invoice_rpa_files_tour.js",
        ],
    },
    "installable": True,
}
