{
    "name": "CRM Messaging",
    "summary": "SMS, calls, WhatsApp, Chatwoot and email conversations in CRM, with consent",
    "version": "19.0.1.0.0",
    "category": "Operations",
    "author": "Operations Suite",
    "website": "https://example.com/operations-suite",
    "license": "LGPL-3",
    "depends": ["ops_base", "crm", "phone_validation", "queue_job"],
    "data": [
        "security/messaging_security.xml",
        "security/ir.model.access.csv",
        "security/messaging_rules.xml",
        "views/messaging_channel_views.xml",
        "views/messaging_inbox_views.xml",
        "views/messaging_menus.xml",
    ],
    "installable": True,
}
