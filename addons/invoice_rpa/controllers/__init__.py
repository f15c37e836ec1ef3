from . import invoice_file
