from . import rpa_process_reject, rpa_process_upload
