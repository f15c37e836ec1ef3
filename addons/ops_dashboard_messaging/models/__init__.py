from . import messaging_call, messaging_inbox, messaging_message, ops_dashboard
