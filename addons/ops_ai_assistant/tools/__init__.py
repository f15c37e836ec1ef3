from . import claude, intents, secret_box
