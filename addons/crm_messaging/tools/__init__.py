from . import keywords
