from . import rpa_operator
