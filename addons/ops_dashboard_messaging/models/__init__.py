from . import messaging_call
from . import messaging_inbox
from . import messaging_message
from . import ops_dashboard
