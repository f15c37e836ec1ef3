from . import messaging_channel, messaging_channel_providers, messaging_inbox
