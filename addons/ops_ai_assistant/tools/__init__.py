from . import chatwoot, claude, intents, secret_box
