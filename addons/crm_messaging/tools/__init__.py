from . import keywords, payloads, provider_http, secret_box, senders, signatures
