from . import callback, invoice_file
