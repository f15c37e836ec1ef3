from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common_files import ACCESS_KEY, BUCKET, SECRET_KEY, RpaFileCase, closed_port


@tagged("post_install", "-at_install")
class TestRpaSettings(RpaFileCase):
    def settings(self, **vals):
        base = {
            "invoice_rpa_s3_endpoint_url": self.s3_url, "invoice_rpa_s3_bucket": BUCKET,
            "invoice_rpa_s3_access_key": ACCESS_KEY, "invoice_rpa_s3_secret_key": SECRET_KEY,
        }
        return self.env["res.config.settings"].create(dict(base, **vals))

    def test_saved_settings_drive_the_storage(self):
        self.settings(invoice_rpa_s3_bucket="other-bucket", invoice_rpa_s3_region="sa-east-1").execute()
        config = self.env["rpa.invoice.storage"]._s3_config()
        self.assertEqual((config["bucket"], config["region"], config["secret_key"]),
                         ("other-bucket", "sa-east-1", SECRET_KEY))
        self.settings(invoice_rpa_s3_bucket=False).execute()
        self.assertIsNone(self.env["rpa.invoice.storage"]._s3_config())

    def test_test_connection(self):
        action = self.settings().action_invoice_rpa_test_s3()
        self.assertEqual(action["params"]["type"], "success")
        unreachable = self.settings(invoice_rpa_s3_endpoint_url=f"http://127.0.0.1:{closed_port()}")
        action = unreachable.action_invoice_rpa_test_s3()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("unreachable", action["params"]["message"])
        self.assertNotIn(SECRET_KEY, action["params"]["message"])
        action = self.settings(invoice_rpa_s3_bucket="missing-bucket").action_invoice_rpa_test_s3()
        self.assertEqual(action["params"]["type"], "danger")
        with self.assertRaisesRegex(UserError, "Set an S3 bucket"):
            self.settings(invoice_rpa_s3_bucket=False).action_invoice_rpa_test_s3()

    def test_secrets_are_for_administrators_only(self):
        settings_admin = new_test_user(self.env, login="rpa_settings_admin",
                                       groups="base.group_system,invoice_rpa.group_rpa_user")
        visible = self.env["res.config.settings"].with_user(settings_admin).fields_get()
        self.assertIn("invoice_rpa_s3_secret_key", visible)
        for user in (self.manager, self.user):
            fields = self.env["res.config.settings"].with_user(user).fields_get()
            self.assertNotIn("invoice_rpa_s3_secret_key", fields)
            self.assertNotIn("invoice_rpa_sat_token", fields)
