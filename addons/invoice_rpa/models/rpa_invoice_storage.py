import logging
import re

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import invoice_pdf, s3_storage
from ..tools.redact import scrub_urls
from ..tools.s3_storage import StorageError

_logger = logging.getLogger(__name__)

SOURCES = ("manual", "robot")
# A person may upload the right invoice over a failed or rejected one: the process goes
# back to waiting_download first (both moves are logged, as with "Run Again").
MANUAL_RESTART_STATES = ("error", "rejected")
S3_TIMEOUT = 30  # seconds per S3 call (connect and read)
_FILENAME_MAX = 200


class RpaInvoiceStorage(models.AbstractModel):
    """Where invoice PDFs of processes live: S3-compatible storage, or Odoo's attachments.

    The only way in is :meth:`_store_process_file` (manual uploads and robot downloads
    alike), the only way out :meth:`_read_process_file`. S3 is used when a bucket is set
    in Settings; otherwise the PDF becomes an attachment of the process.
    """

    _name = "rpa.invoice.storage"
    _description = "Invoice RPA File Storage"

    @api.model
    def _s3_config(self):
        """The S3 settings as keyword arguments of ``tools.s3_storage``, or None when no
        bucket is configured (then files go to the attachment store)."""
        get = self.env["ir.config_parameter"].sudo().get_param
        bucket = (get("invoice_rpa.s3_bucket") or "").strip()
        if not bucket:
            return None
        return {
            "bucket": bucket,
            "endpoint_url": (get("invoice_rpa.s3_endpoint_url") or "").strip() or None,
            "region": (get("invoice_rpa.s3_region") or "").strip() or None,
            "access_key": (get("invoice_rpa.s3_access_key") or "").strip(),
            "secret_key": self.env["rpa.settings.secret"]._get_secret("s3_secret_key"),
            "timeout": S3_TIMEOUT,
        }

    @api.model
    def _store_process_file(self, process, filename, content, source):
        """Validate ``content`` (bytes) as an invoice PDF, store it and move ``process``
        to ``waiting_approval``.

        ``source`` is "manual" (also sets ``manual_upload_date``; allowed from
        waiting_download, error and rejected) or "robot" (from waiting_download only).
        With S3 configured the object key is
        ``pdfs/{operator}/{client}_{year}_{month}_{timestamp}_{filename}.pdf``; otherwise
        an ``ir.attachment`` of the process holds the file.

        All or nothing: the process is written (and flushed) inside a savepoint, then the
        object is put; if the put fails the savepoint is rolled back. If the transaction
        is rolled back later, the object is deleted again (post-rollback hook). Raises
        UserError (translated) with nothing changed. Returns True.
        """
        process.ensure_one()
        if source not in SOURCES:
            raise ValueError(f"Unknown file source: {source!r}")
        process.check_access("write")
        content = bytes(content or b"")
        self._check_pdf(content)
        filename = self._clean_filename(filename)
        config = self._s3_config()
        vals = {
            "original_filename": filename, "storage_key": False, "attachment_id": False,
            # describes the current file: a robot download replaces an earlier manual one
            "manual_upload_date": fields.Datetime.now() if source == "manual" else False,
        }
        try:
            with self.env.cr.savepoint():
                if source == "manual" and process.state in MANUAL_RESTART_STATES:
                    process._transition("waiting_download")
                if config:
                    vals["storage_key"] = self._object_key(process, filename)
                else:
                    vals["attachment_id"] = self._create_attachment(process, filename, content).id
                process._transition("waiting_approval", **vals)
                self.env.flush_all()  # database errors surface here, before the object exists
                if config:
                    self._put_object(config, vals["storage_key"], content)
        except StorageError as exc:
            _logger.warning("Invoice of process %s not stored: %s", process.id, scrub_urls(exc.message))
            raise UserError(self._storage_error_message(exc)) from exc
        _logger.info("Invoice of process %s stored (%s) as %s", process.id, source,
                     vals["storage_key"] or f"attachment {vals['attachment_id']}")
        return True

    @api.model
    def _read_process_file(self, process):
        """Return the invoice PDF (bytes) of ``process``; UserError when it has none or
        the storage cannot deliver it. Checks read access on the process, and that the
        file is the process's own: an attachment of this process, or an object key of
        the process's month under ``pdfs/``."""
        process.ensure_one()
        process.check_access("read")
        if not self._owns_file(process):
            _logger.warning("Process %s points at a file that is not its own: not read", process.id)
            raise UserError(self.env._("The invoice file of %s does not belong to it.", process.display_name))
        if process.storage_key:
            config = self._s3_config()
            if not config:
                raise UserError(self.env._(
                    "The invoice of %s is stored in S3, but S3 is no longer configured in Settings.",
                    process.display_name,
                ))
            bucket, settings = self._split(config)
            try:
                return s3_storage.get_object(bucket, process.storage_key, **settings)
            except StorageError as exc:
                _logger.warning("Invoice of process %s not read: %s", process.id, scrub_urls(exc.message))
                raise UserError(self._storage_error_message(exc, reading=True)) from exc
        if process.attachment_id:
            return process.attachment_id.sudo().raw
        raise UserError(self.env._("The process %s has no invoice file yet.", process.display_name))

    @api.model
    def _owns_file(self, process):
        """Whether the file ``process`` points at is one the storage stored for it (the
        file fields are guarded, this is the second lock: no read of another record's
        attachment or of an arbitrary bucket object)."""
        if process.storage_key:
            # client and operator slugs may change with later renames; the month cannot
            period = process.period
            slug = "[A-Za-z0-9_-]+"
            pattern = rf"pdfs/{slug}/{slug}_{period.year}_{period.month:02d}_\d{{14}}_{slug}\.pdf"
            return bool(re.fullmatch(pattern, process.storage_key))
        if process.attachment_id:
            attachment = process.attachment_id.sudo()
            return attachment.res_model == process._name and attachment.res_id == process.id
        return True

    # ------------------------------------------------------------------ helpers

    @api.model
    def _check_pdf(self, content):
        try:
            return invoice_pdf.check_pdf(content)
        except invoice_pdf.InvalidPdf as exc:
            messages = {
                "empty": self.env._("The invoice file is empty."),
                "too_large": self.env._(
                    "The invoice file is too large (%(size)s MB); the limit is %(limit)s MB.",
                    size=round(len(content) / 1048576, 1), limit=invoice_pdf.MAX_SIZE // 1048576,
                ),
                "not_pdf": self.env._("The invoice file is not a PDF (checked by its content, not its name)."),
                "unreadable": self.env._("The invoice PDF is damaged, truncated or password-protected."),
                "too_complex": self.env._(
                    "The invoice PDF was refused: it exceeds a safety limit for reading PDFs (too many pages, "
                    "objects nested too deeply, too much compressed data or too slow to read)."),
            }
            raise UserError(messages.get(exc.code, exc.message)) from exc

    @api.model
    def _clean_filename(self, filename):
        """The uploaded name without folders or control characters, ending in ".pdf"."""
        name = re.split(r"[\\/]", str(filename or ""))[-1]
        name = re.sub(r"[\x00-\x1f\x7f]+", "", name).strip()[:_FILENAME_MAX] or "invoice.pdf"
        return name if name.lower().endswith(".pdf") else f"{name}.pdf"

    @api.model
    def _object_key(self, process, filename):
        partner = process.partner_id
        client = invoice_pdf.slugify(partner.vat) or f"{invoice_pdf.slugify(partner.name, 'client')}-{partner.id}"
        return invoice_pdf.storage_key(
            process.operator_id.code, client, process.period.year, process.period.month, filename,
        )

    @api.model
    def _create_attachment(self, process, filename, content):
        return process.env["ir.attachment"].create({
            "name": filename,
            "raw": content,
            "res_model": "rpa.process",
            "res_id": process.id,
            "mimetype": "application/pdf",
        })

    @api.model
    def _split(self, config):
        settings = dict(config)
        return settings.pop("bucket"), settings

    @api.model
    def _put_object(self, config, key, content):
        bucket, settings = self._split(config)
        s3_storage.put_object(bucket, key, content, **settings)

        def delete_orphan():
            # the transaction that recorded this key was rolled back: drop the object
            try:
                s3_storage.delete_object(bucket, key, **settings)
            except StorageError as exc:
                _logger.warning("Orphan invoice object %s not deleted: %s", key, scrub_urls(exc.message))

        self.env.cr.postrollback.add(delete_orphan)

    @api.model
    def _storage_error_message(self, exc, reading=False):
        if reading:
            intro = self.env._("The invoice could not be read from the storage.")
        else:
            intro = self.env._("The invoice could not be stored; the process was not changed.")
        reasons = {
            "unreachable": self.env._("The S3 storage cannot be reached; try again later."),
            "denied": self.env._("The S3 storage refused the access key or the bucket permissions."),
            "not_found": self.env._("The S3 bucket or object does not exist."),
        }
        reason = reasons.get(exc.code, self.env._("The S3 storage answered with an error."))
        return f"{intro} {reason}\n{scrub_urls(exc.message)}"
