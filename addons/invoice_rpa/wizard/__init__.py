from . import rpa_process_reject
