import re
from datetime import date

from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError, UserError

from ..tools import cte_file, cte_parser

STATES = [("to_check", "To Check"), ("approved", "Approved"), ("disputed", "Disputed"), ("resolved", "Resolved")]

TRANSITIONS = {
    "to_check": {"approved", "disputed"},
    "approved": {"to_check"},
    "disputed": {"resolved"},
    "resolved": {"to_check"},
}

DEFAULT_TOLERANCE_PCT = 2.0

PROTECTED_FIELDS = frozenset(
    {
        "key",
        "state",
        "amount",
        "tolls",
        "cargo_value",
        "weight_kg",
        "nfe_keys",
        "unknown_nfe_keys",
        "expected_amount",
        "expected_source",
        "attachment_id",
        "carrier_partner_id",
    }
)


def _date(text):
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return False


class FreightCte(models.Model):
    """A carrier's CT-e (freight bill), imported from its XML: matched to our invoices
    and deliveries by the NF-e keys it references, and audited against the expected
    freight (the carrier's rate table, else the delivery method's price on the
    deliveries). Divergent ones are disputed; the carrier's vendor bill cannot be paid
    while a dispute is open."""

    _name = "freight.cte"
    _description = "Freight CT-e"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "issue_date desc, id desc"

    name = fields.Char(required=True, readonly=True)
    key = fields.Char(string="CT-e Key", size=44, required=True, readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    carrier_partner_id = fields.Many2one("res.partner", string="Carrier", required=True, readonly=True, index=True)
    issue_date = fields.Date(readonly=True, index=True)
    amount = fields.Monetary(string="Billed", readonly=True, aggregator="sum")
    tolls = fields.Monetary(readonly=True)
    cargo_value = fields.Monetary(readonly=True)
    weight_kg = fields.Float(string="Weight (kg)", digits=(12, 3), readonly=True)
    distance_km = fields.Float(string="Distance (km)", digits=(10, 1), compute="_compute_distance", store=True)
    nfe_keys = fields.Text(string="NF-e Keys", readonly=True)
    unknown_nfe_keys = fields.Text(string="Unknown NF-e Keys", readonly=True)
    picking_ids = fields.Many2many(
        "stock.picking", "freight_cte_picking_rel", "cte_id", "picking_id", string="Deliveries", readonly=True
    )
    invoice_ids = fields.Many2many(
        "account.move", "freight_cte_invoice_rel", "cte_id", "move_id", string="Invoices", readonly=True
    )
    expected_amount = fields.Monetary(string="Expected", readonly=True, aggregator="sum")
    expected_source = fields.Selection(
        [("rate", "Rate table"), ("carrier", "Delivery method price"), ("none", "Unknown")],
        readonly=True,
        default="none",
    )
    divergence_amount = fields.Monetary(compute="_compute_divergence", store=True, aggregator="sum")
    divergence_pct = fields.Float(
        string="Divergence (%)", compute="_compute_divergence", store=True, digits=(8, 2), aggregator="avg"
    )
    is_divergent = fields.Boolean(string="Divergent", compute="_compute_divergence", store=True)
    divergence_rate = fields.Float(
        string="Divergence Rate (%)",
        compute="_compute_divergence",
        store=True,
        aggregator="avg",
        help="100 for a divergent CT-e, 0 otherwise: its average is the share of divergent CT-e.",
    )
    state = fields.Selection(STATES, default="to_check", required=True, readonly=True, tracking=True)
    dispute_reason = fields.Text(tracking=True)
    resolution_note = fields.Text(tracking=True)
    vendor_bill_id = fields.Many2one(
        "account.move",
        string="Carrier Bill",
        index="btree_not_null",
        tracking=True,
        domain="[('move_type', '=', 'in_invoice'), ('partner_id.commercial_partner_id', '=', carrier_partner_id)]",
    )
    attachment_id = fields.Many2one("ir.attachment", string="XML", readonly=True)

    _key_unique = models.UniqueIndex("(key)", "This CT-e was already imported.")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.check_access("create")  # nobody has the right: CT-e come from their XML
            raise UserError(self.env._("CT-e are created by importing their XML."))
        return super().create(vals_list)

    def write(self, vals):
        if PROTECTED_FIELDS & vals.keys() and not self.env.su:
            raise UserError(
                self.env._("A CT-e's imported values and status change only through the import and its buttons.")
            )
        if "dispute_reason" in vals and any(cte.state != "to_check" for cte in self) and not self.env.su:
            raise UserError(self.env._("The dispute reason is set before disputing."))
        if "vendor_bill_id" in vals and any(cte.state == "disputed" for cte in self):
            raise UserError(self.env._("The carrier bill of a disputed CT-e stays blocked until it is resolved."))
        return super().write(vals)

    @api.depends("picking_ids.delivery_distance_km")
    def _compute_distance(self):
        for cte in self:
            cte.distance_km = max(cte.picking_ids.mapped("delivery_distance_km") or [0.0])

    @api.depends("amount", "expected_amount", "expected_source", "carrier_partner_id")
    def _compute_divergence(self):
        for cte in self:
            known = cte.expected_source != "none"
            cte.divergence_amount = cte.amount - cte.expected_amount if known else 0.0
            cte.divergence_pct = (
                100.0 * cte.divergence_amount / cte.expected_amount if known and cte.expected_amount else 0.0
            )
            cte.is_divergent = known and abs(cte.divergence_amount) > cte._tolerance()
            cte.divergence_rate = 100.0 if cte.is_divergent else 0.0

    def _tolerance(self):
        """The largest divergence accepted: the rate's (or the default) percentage of
        the expected amount, or its fixed amount when larger."""
        rate = self.env["freight.rate"]._for_carrier(self.carrier_partner_id, self.company_id)
        pct = (
            rate.tolerance_pct
            if rate
            else float(
                self.env["ir.config_parameter"].sudo().get_param("freight_audit.tolerance_pct", DEFAULT_TOLERANCE_PCT)
            )
        )
        return max(self.expected_amount * pct / 100, rate.tolerance_amount if rate else 0.0)

    # ---------------------------------------------------------------- workflow
    def _transition(self, state, **vals):
        labels = dict(STATES)
        for cte in self:
            if state not in TRANSITIONS[cte.state]:
                raise UserError(
                    self.env._(
                        "%(cte)s is %(state)s: it cannot become %(new)s.",
                        cte=cte.name,
                        state=labels[cte.state],
                        new=labels[state],
                    )
                )
        self.sudo().write({"state": state, **vals})

    def action_approve(self):
        self.check_access("write")
        self._transition("approved")
        return True

    def action_dispute(self):
        """Dispute the CT-e with the carrier: its bill is blocked for payment."""
        self.check_access("write")
        if any(not (cte.dispute_reason or "").strip() for cte in self):
            raise UserError(self.env._("Write the dispute reason first."))
        self._transition("disputed")
        return True

    def action_resolve(self):
        self.check_access("write")
        self._transition("resolved")
        return True

    def action_reset(self):
        self.check_access("write")
        self._transition("to_check")
        return True

    def action_recompute(self):
        """Match again and recompute the expected freight (after fixing rates or keys)."""
        self.check_access("write")
        self.sudo()._match_and_price()
        return True

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
            raise UserError(
                self.env._("%(file)s is larger than %(mb)s MB.", file=filename, mb=cte_file.MAX_BYTES // (1024 * 1024))
            )
        try:
            values = cte_parser.parse(content)
        except cte_parser.CteParseError as exc:
            raise UserError(self.env._("%(file)s: %(error)s", file=filename, error=exc)) from None
        if not values["key_valid"]:
            raise UserError(
                self.env._(
                    "%(file)s: the CT-e key %(key)s is not valid (44 digits, model 57, modulo-11 check digit).",
                    file=filename,
                    key=values["key"],
                )
            )
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
        cte = self.sudo().create(
            {
                "name": f"CT-e {values['series']}-{values['number']}",
                "key": values["key"],
                "carrier_partner_id": self._carrier_partner(values["carrier_vat"], values["carrier_name"]).id,
                "issue_date": _date(values["issued_at"]),
                "amount": float(values["amount"]),
                "tolls": float(values["tolls"]),
                "cargo_value": float(values["cargo_value"]),
                "weight_kg": float(values["weight_kg"]),
                "nfe_keys": "\n".join(values["nfe_keys"]),
            }
        )
        cte.attachment_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename if filename.lower().endswith(".xml") else f"{values['key']}-cte.xml",
                    "raw": content,
                    "mimetype": "application/xml",
                    "res_model": self._name,
                    "res_id": cte.id,
                }
            )
        )
        cte._match_and_price()
        cte.message_post(body=self.env._("Imported from %s.", filename), attachment_ids=cte.attachment_id.ids)
        return cte

    @api.model
    def _carrier_partner(self, vat, name):
        """The carrier company by its CNPJ (digits, or formatted), created when unknown."""
        digits = re.sub(r"\D", "", vat or "")
        formatted = (
            f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}" if len(digits) == 14 else digits
        )
        Partner = self.env["res.partner"].sudo()
        partner = (
            Partner.search([("vat", "in", [digits, formatted]), ("is_company", "=", True)], limit=1)
            if digits
            else Partner
        )
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
                lambda picking: picking.picking_type_code == "outgoing" and picking.state != "cancel"
            )
            known = set(invoices.mapped("nfe_key")) | set(pickings.mapped("nfe_key"))
            cte.write(
                {
                    "invoice_ids": [(6, 0, invoices.ids)],
                    "picking_ids": [(6, 0, pickings.ids)],
                    "unknown_nfe_keys": "\n".join(key for key in keys if key not in known) or False,
                }
            )
            rate = self.env["freight.rate"]._for_carrier(cte.carrier_partner_id, cte.company_id)
            if rate:
                cte.write(
                    {
                        "expected_source": "rate",
                        "expected_amount": rate._expected(cte.weight_kg, cte.distance_km, cte.cargo_value),
                    }
                )
            elif pickings and any(pickings.mapped("carrier_price")):
                cte.write({"expected_source": "carrier", "expected_amount": sum(pickings.mapped("carrier_price"))})
            else:
                cte.write({"expected_source": "none", "expected_amount": 0.0})
            cte.modified(["expected_amount"])  # the tolerance may have changed with the rate
