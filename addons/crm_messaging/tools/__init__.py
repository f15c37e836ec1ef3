from . import keywords, payloads, secret_box, signatures
