from . import (
    chatwoot,
    conversations,
    keywords,
    payloads,
    provider_client,
    quo,
    secret_box,
    sendgrid,
    signatures,
    twilio,
    uazapi,
)
