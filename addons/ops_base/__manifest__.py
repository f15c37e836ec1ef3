{
    "name": "Operations (base)",
    "summary": "Common root of the Operations suite: app menu, category, test helpers",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["base", "web"],
    "data": [
        "security/ops_base_security.xml",
        "views/ops_base_menus.xml",
    ],
    "installable": True,
}
