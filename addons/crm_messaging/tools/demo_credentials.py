"""Credentials that demo data of versions before 19.0.1.0.1 set. Plain Python, no ORM."""

# Fixed values that versions before 19.0.1.0.1 set on the demo channels: public, so they
# made forged webhooks valid on every demo database (replaced by the migration).
PUBLISHED_DEMO_SECRETS = frozenset(
    {
        "demo-quo-api-key-0001",
        "ZGVtbyBxdW8gc2lnbmluZyBrZXkgb2YgMzIgYnl0ZXM=",
        "demo-uazapi-instance-token",
        "demo-uazapi-webhook-token-0001",
        "demo-chatwoot-access-token",
        "demo-chatwoot-webhook-secret",
        "SG.demo-sendgrid-api-key",
    }
)
