{
    "name": "Driver Portal",
    "summary": "Phone-first /driver portal: stops in order, proof of delivery, payment collection",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["logistics_delivery", "portal", "fleet"],
    "data": [
        "security/driver_security.xml",
        "security/ir_rules.xml",
        "views/stock_picking_views.xml",
    ],
    "installable": True,
}
