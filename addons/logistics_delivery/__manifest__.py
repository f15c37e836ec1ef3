{
    "name": "Logistics Delivery",
    "summary": "Road-distance delivery pricing, partner geocoding, delivery scheduling",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["ops_base", "stock_delivery", "base_geolocalize"],
    "data": [
        "security/logistics_security.xml",
        "security/ir.model.access.csv",
        "views/logistics_menus.xml",
    ],
    "installable": True,
    "application": False,
}
