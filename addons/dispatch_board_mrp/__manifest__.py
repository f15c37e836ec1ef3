{
    "name": "Dispatch Board - Manufacturing",
    "summary": "Manufacturing orders on a board by day and work centre, drag and drop to reschedule",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["dispatch_board", "mrp"],
    "data": [
        "views/dispatch_mrp_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dispatch_board_mrp/static/src/board/*",
        ],
        "web.assets_tests": [
            "dispatch_board_mrp/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}
