from . import keywords, signatures
