{
    "name": "Retail Delivery Booking - Dispatch Board",
    "summary": "Booked unloading slots on the dispatch board; booked stops stay on their day",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["retail_booking", "dispatch_board"],
    "assets": {
        "web.assets_backend": [
            "retail_booking_dispatch/static/src/**/*",
        ],
        "web.assets_tests": [
            "retail_booking_dispatch/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}
