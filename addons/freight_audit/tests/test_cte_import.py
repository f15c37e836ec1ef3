import io
import zipfile

from psycopg2 import errors

from odoo.exceptions import ConcurrencyError, UserError
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.freight_audit.tools import cte_file

from .common import FreightCase
from .cte_fixtures import make_cte

OTHER_CNPJ = "11222333000181"


def zipped(*members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestCteImport(FreightCase):
    def test_valid_cte_is_kept_with_its_xml(self):
        key, xml = self.cte(tolls="35.50")
        cte = self.import_xml(xml, "35261112-cte.xml")
        self.assertEqual(cte.key, key)
        self.assertEqual(cte.carrier_partner_id, self.carrier, "the carrier found by its CNPJ")
        self.assertEqual((cte.amount, cte.tolls, cte.weight_kg, cte.cargo_value), (1250.0, 35.5, 1500.0, 50000.0))
        self.assertEqual(str(cte.issue_date), "2026-11-10")
        self.assertEqual(cte.attachment_id.raw, xml)
        self.assertEqual(cte.attachment_id.name, "35261112-cte.xml")
        self.assertEqual(cte.state, "to_check")

    def test_same_cte_twice_is_one_record(self):
        key, xml = self.cte()
        first = self.import_xml(xml)
        again, created = self.env["freight.cte"]._import_xml("again.xml", xml)
        self.assertFalse(created)
        self.assertEqual(again, first)
        records, errors = self.env["freight.cte"]._import_file("batch.zip", zipped(("a.xml", xml), ("b.xml", xml)))
        self.assertEqual(records, first)
        self.assertFalse(errors)
        self.assertEqual(self.env["freight.cte"].search_count([("key", "=", key)]), 1)

    def test_bad_check_digit_is_refused(self):
        key, xml = self.cte(bad_digit=True)
        with self.assertRaisesRegex(UserError, f"the CT-e key {key} is not valid .*check digit"):
            self.import_xml(xml)
        self.assertFalse(self.env["freight.cte"].search([("key", "=", key)]))

    def test_malformed_and_foreign_xml(self):
        for content, message in ((b"<cteProc><CTe>", "malformed XML"),
                                 (b"<nfeProc xmlns='http://www.portalfiscal.inf.br/nfe'/>", "not a CT-e document"),
                                 (b"", "malformed XML")):
            with self.subTest(message=message), self.assertRaisesRegex(UserError, f"bad.xml: {message}"):
                self.import_xml(content, "bad.xml")

    def test_zip_imports_the_good_and_lists_the_bad(self):
        _key1, good = self.cte()
        _key2, bad_digit = self.cte(bad_digit=True)
        records, errors = self.env["freight.cte"]._import_file(
            "lote.zip", zipped(("ok.xml", good), ("dv.xml", bad_digit), ("broken.xml", b"<x"), ("notes.txt", b"x")))
        self.assertEqual(len(records), 1)
        self.assertEqual(len(errors), 2)
        self.assertIn("dv.xml", errors[0])
        self.assertIn("broken.xml: malformed XML", errors[1])

    def test_size_limits(self):
        before = self.env["freight.cte"].search_count([])
        big = b" " * (cte_file.MAX_BYTES + 1)
        with self.assertRaisesRegex(UserError, r"is 20.0 MB: the limit is 20.0 MB"):
            self.env["freight.cte"]._import_file("big.xml", big)
        with self.assertRaisesRegex(UserError, "unpacks to more than 20.0 MB"):
            self.env["freight.cte"]._import_file("bomb.zip", zipped(("a.xml", big)))
        wizard = self.env["freight.cte.import"].with_user(self.auditor).create({
            "file": __import__("base64").b64encode(big), "filename": "big.xml"})
        with self.assertRaisesRegex(UserError, "the limit is 20.0 MB"):
            wizard.action_import()
        self.assertEqual(self.env["freight.cte"].search_count([]), before)

    def test_wizard_single_file(self):
        import base64
        _key, xml = self.cte()
        wizard = self.env["freight.cte.import"].with_user(self.auditor).create({
            "file": base64.b64encode(xml), "filename": "one.xml"})
        action = wizard.action_import()
        self.assertEqual(len(action["domain"][0][2]), 1)


@tagged("post_install", "-at_install")
class TestCteConcurrentImport(TransactionCase):
    """Another transaction commits the same CT-e while ours imports it: ours stops with
    ConcurrencyError, which Odoo answers by retrying the request (then finding it)."""

    def test_concurrent_duplicate_import(self):
        key, xml = make_cte(9001, [], cnpj=OTHER_CNPJ)
        self.assertFalse(self.env["freight.cte"].search([("key", "=", key)]))  # our snapshot is taken
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute("""INSERT INTO freight_cte (name, key, company_id, carrier_partner_id, state,
                             expected_source, create_date, write_date)
                             SELECT 'CT-e 1-9001', %s, id, partner_id, 'to_check', 'none', now(), now()
                             FROM res_company ORDER BY id LIMIT 1""", [key])
            other.commit()  # pylint: disable=invalid-commit  # the concurrent import commits first

        def cleanup():
            with db_connect(self.env.cr.dbname).cursor() as cr:
                cr.execute("DELETE FROM freight_cte WHERE key = %s", [key])
                cr.commit()  # pylint: disable=invalid-commit  # undo the other transaction's import
        self.addCleanup(cleanup)
        raised = None
        with mute_logger("odoo.sql_db"):
            try:
                self.env["freight.cte"]._import_xml("same.xml", xml)
            except (ConcurrencyError, errors.SerializationFailure) as exc:  # both make Odoo retry
                raised = exc
        self.assertIsNotNone(raised, "a second record was not refused")
