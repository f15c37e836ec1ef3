import re
from datetime import date

from psycopg2 import errors

from odoo import api, models
from odoo.exceptions import ConcurrencyError, UserError

from ..tools import cte_file, cte_parser


class FreightCte(models.Model):
    _inherit = "freight.cte"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _import_file(self, filename, content):
        """Import an XML or a ZIP of XMLs: ``(records, errors)``, one error text per
        document that could not be imported (the others are imported)."""
        try:
            documents = cte_file.xml_documents(filename, content)
        except cte_file.CteFileError as exc:
            raise UserError(str(exc)) from None
        records, errors = self.browse(), []
        for name, data in documents:
            try:
                with self.env.cr.savepoint():
                    records |= self._import_xml(name, data)[0]
            except UserError as exc:
                errors.append(str(exc))
        return records, errors

    @api.model
    def _import_xml(self, filename, content):
        """Import one CT-e XML: ``(record, created)``. The same key imported again, even
        concurrently, gives the existing record. UserError for what is not a valid CT-e."""
        if len(content) > cte_file.MAX_BYTES:
            raise UserError(self.env._("%(file)s is larger than %(mb)s MB.", file=filename,
                                       mb=cte_file.MAX_BYTES // (1024 * 1024)))
        try:
            values = cte_parser.parse(content)
        except cte_parser.CteParseError as exc:
            raise UserError(self.env._("%(file)s: %(error)s", file=filename, error=exc)) from None
        if not values["key_valid"]:
            raise UserError(self.env._(
                "%(file)s: the CT-e key %(key)s is not valid (44 digits, model 57, modulo-11 check digit).",
                file=filename, key=values["key"]))
        existing = self.sudo().search([("key", "=", values["key"])], limit=1)
        if existing:
            return existing, False
        try:
            with self.env.cr.savepoint():
                record = self._create_from_values(filename, content, values)
        except errors.UniqueViolation:
            # imported meanwhile by a concurrent transaction, which our snapshot does not
            # see: Odoo retries the request (or the job) from the start, which finds it
            raise ConcurrencyError(f"CT-e {values['key']} was imported concurrently") from None
        return record, True

    def _create_from_values(self, filename, content, values):
        cte = self.sudo().create({
            "name": f"CT-e {values['series']}-{values['number']}",
            "key": values["key"],
            "carrier_partner_id": self._carrier_partner(values["carrier_vat"], values["carrier_name"]).id,
            "issue_date": _date(values["issued_at"]),
            "amount": float(values["amount"]), "tolls": float(values["tolls"]),
            "cargo_value": float(values["cargo_value"]), "weight_kg": float(values["weight_kg"]),
            "nfe_keys": "\n".join(values["nfe_keys"]),
        })
        cte.attachment_id = self.env["ir.attachment"].sudo().create({
            "name": filename if filename.lower().endswith(".xml") else f"{values['key']}-cte.xml",
            "raw": content, "mimetype": "application/xml", "res_model": self._name, "res_id": cte.id,
        })
        cte._match_and_price()
        cte.message_post(body=self.env._("Imported from %s.", filename), attachment_ids=cte.attachment_id.ids)
        return cte

    @api.model
    def _carrier_partner(self, vat, name):
        """The carrier company by its CNPJ (digits, or formatted), created when unknown."""
        digits = re.sub(r"\D", "", vat or "")
        formatted = f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}" if len(digits) == 14 \
            else digits
        Partner = self.env["res.partner"].sudo()
        partner = Partner.search([("vat", "in", [digits, formatted]), ("is_company", "=", True)], limit=1) \
            if digits else Partner
        return partner or Partner.create({"name": name or digits, "vat": formatted, "is_company": True})

    def _match_and_price(self):
        """Link the invoices and deliveries of the NF-e keys, list the unknown keys, and
        compute the expected freight: the carrier's rate table, else the delivery
        method's price of the deliveries."""
        for cte in self:
            keys = [key for key in (cte.nfe_keys or "").split() if key]
            invoices = self.env["account.move"].search([("nfe_key", "in", keys or [""])])
            pickings = self.env["stock.picking"].search([("nfe_key", "in", keys or [""])])
            pickings |= invoices.invoice_line_ids.sale_line_ids.order_id.picking_ids.filtered(
                lambda picking: picking.picking_type_code == "outgoing" and picking.state != "cancel")
            known = set(invoices.mapped("nfe_key")) | set(pickings.mapped("nfe_key"))
            cte.write({"invoice_ids": [(6, 0, invoices.ids)], "picking_ids": [(6, 0, pickings.ids)],
                       "unknown_nfe_keys": "\n".join(key for key in keys if key not in known) or False})
            rate = self.env["freight.rate"]._for_carrier(cte.carrier_partner_id, cte.company_id)
            if rate:
                cte.write({"expected_source": "rate",
                           "expected_amount": rate._expected(cte.weight_kg, cte.distance_km, cte.cargo_value)})
            elif pickings and any(pickings.mapped("carrier_price")):
                cte.write({"expected_source": "carrier", "expected_amount": sum(pickings.mapped("carrier_price"))})
            else:
                cte.write({"expected_source": "none", "expected_amount": 0.0})
            cte.modified(["expected_amount"])  # the tolerance may have changed with the rate


def _date(text):
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return False
