from . import health, webhook
