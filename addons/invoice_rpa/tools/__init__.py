"""Plain-Python helpers of invoice_rpa (no ORM): cron schedules, PDF checks, S3 storage,
the external RPA robot API client."""

from . import cron_schedule, http_download, invoice_pdf, redact, rpa_api, s3_storage
