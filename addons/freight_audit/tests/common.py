from odoo.tests import TransactionCase, new_test_user

from .cte_fixtures import CARRIER_CNPJ, make_cte, make_nfe_key


class FreightCase(TransactionCase):
    """A carrier (by its CNPJ), a delivery and an invoice with NF-e keys, an auditor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.auditor = new_test_user(cls.env, login="fa_auditor", groups="freight_audit.group_freight_user,"
                                                                        "account.group_account_invoice")
        cls.carrier = cls.env["res.partner"].create({"name": "Transportadora Rápida", "vat": CARRIER_CNPJ,
                                                     "is_company": True})
        cls.customer = cls.env["res.partner"].create({"name": "Mercado Bom Preço", "is_company": True})
        cls.product = cls.env["product.product"].create({"name": "Caixa de óleo", "type": "consu", "weight": 10})
        cls.nfe_picking, cls.nfe_invoice = make_nfe_key(1), make_nfe_key(2)
        out = cls.env.ref("stock.picking_type_out")
        cls.picking = cls.env["stock.picking"].create({
            "partner_id": cls.customer.id, "picking_type_id": out.id, "nfe_key": cls.nfe_picking,
            "location_id": out.default_location_src_id.id,
            "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
            "delivery_distance_km": 120.0,
        })
        cls.invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.customer.id, "nfe_key": cls.nfe_invoice,
            "invoice_line_ids": [(0, 0, {"product_id": cls.product.id, "quantity": 1, "price_unit": 100})],
        })
        cls._number = 100

    def cte(self, nfe_keys=None, **kwargs):
        """A fresh CT-e XML (a new number each call): ``(key, bytes)``."""
        type(self)._number += 1
        keys = [self.nfe_picking, self.nfe_invoice] if nfe_keys is None else nfe_keys
        return make_cte(self._number, keys, **kwargs)

    def import_xml(self, content, name="cte.xml"):
        return self.env["freight.cte"].with_user(self.auditor)._import_xml(name, content)[0]

    def make_rate(self, **vals):
        return self.env["freight.rate"].create({
            "name": "Tabela 2026", "carrier_partner_id": self.carrier.id, "per_kg": 0.5, "per_km": 2.0,
            "ad_valorem_pct": 0.3, "minimum": 300.0, "toll_amount": 20.0, "tolerance_pct": 2.0, **vals})
