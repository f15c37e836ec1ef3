"""Channel credentials: encrypted at rest, readable and settable by managers only."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import config

from ..tools import secret_box
from .common import API_KEY, QUO_SECRET, TEST_KEY, MessagingKeyMixin


@tagged("post_install", "-at_install")
class TestChannelSecrets(MessagingKeyMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, login="msg_plain_user", groups="crm_messaging.group_messaging_user")
        cls.manager = new_test_user(cls.env, login="msg_manager", groups="crm_messaging.group_messaging_manager")
        cls.channel = cls.make_channel("quo")

    def test_database_column_never_holds_the_plaintext(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT api_key_enc, webhook_secret_enc FROM messaging_channel WHERE id = %s", [self.channel.id]
        )
        api_key_enc, secret_enc = self.env.cr.fetchone()
        self.assertTrue(api_key_enc.startswith("v1:"))
        self.assertTrue(secret_enc.startswith("v1:"))
        self.assertNotIn(API_KEY, api_key_enc)
        self.assertNotIn(QUO_SECRET, secret_enc)
        self.env.cr.execute(
            "SELECT count(*) FROM messaging_channel WHERE row_to_json(messaging_channel)::text LIKE %s",
            [f"%{API_KEY}%"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertEqual(self.channel._get_secret("api_key"), API_KEY)

    def test_plain_user_cannot_read_or_set_secrets(self):
        channel = self.channel.with_user(self.user)
        self.assertEqual(channel.name, "Test quo")
        for field in ("api_key_enc", "webhook_secret_enc", "api_key", "api_key_masked"):
            with self.assertRaises(AccessError):
                channel.read([field])
        with self.assertRaises(AccessError):
            channel.write({"api_key": "stolen"})

    def test_manager_sets_secrets_and_sees_them_masked(self):
        channel = self.channel.with_user(self.manager)
        channel.write({"api_key": "new-api-key-0000-9876", "webhook_secret": ""})
        channel.invalidate_recordset()
        values = channel.read(["api_key", "api_key_masked", "webhook_secret_masked"])[0]
        self.assertFalse(values["api_key"], "the clear key is write-only")
        self.assertEqual(values["api_key_masked"], "••••9876")
        self.assertEqual(channel._get_secret("api_key"), "new-api-key-0000-9876")
        self.assertEqual(channel._get_secret("webhook_secret"), QUO_SECRET, "an empty value keeps the secret")
        manager_channel = (
            self.env["messaging.channel"]
            .with_user(self.manager)
            .create({"name": "Manager's", "channel_type": "chatwoot", "webhook_secret": "s3cret-value-1234"})
        )
        self.assertEqual(manager_channel.webhook_secret_masked, "••••1234")

    def test_missing_key_is_a_clear_error(self):
        config.options.pop(secret_box.CONFIG_KEY)
        try:
            with self.assertRaises(UserError) as caught:
                self.channel.write({"api_key": "another-key"})
            self.assertIn("messaging_encryption_key", str(caught.exception))
            self.channel.invalidate_recordset()
            self.assertIn("no valid encryption key", self.channel.api_key_masked)
        finally:
            config[secret_box.CONFIG_KEY] = TEST_KEY

    def test_manager_form_encrypts_and_user_views_load(self):
        with Form(self.env["messaging.channel"].with_user(self.manager)) as form:
            form.name = "WhatsApp Vendas"
            form.channel_type = "uazapi"
            form.webhook_secret = "typed-in-the-form-5678"
        channel = form.record
        self.assertEqual(channel._get_secret("webhook_secret"), "typed-in-the-form-5678")
        self.assertEqual(channel.webhook_secret_masked, "••••5678")
        for model in ("messaging.channel", "messaging.inbox"):
            views = self.env[model].with_user(self.user).get_views([(False, "list"), (False, "form")])
            self.assertNotIn("api_key", views["models"][model]["fields"])

    def test_webhook_url_points_to_the_route(self):
        self.assertTrue(self.channel.webhook_url.endswith(f"/webhook/quo/{self.channel.id}"))

    def test_channels_are_isolated_per_company(self):
        other_company = self.env["res.company"].create({"name": "Other Messaging Co"})
        outsider = new_test_user(
            self.env,
            login="msg_other_co",
            groups="crm_messaging.group_messaging_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        channels = self.env["messaging.channel"].with_user(outsider).search([])
        self.assertNotIn(self.channel, channels)
