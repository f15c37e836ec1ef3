from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMessagingAccess(TransactionCase):
    def test_messaging_user_reaches_conversations_through_operations(self):
        conversations = self.env.ref("crm_messaging.menu_messaging_leads")
        user = new_test_user(self.env, login="msg_user", groups="crm_messaging.group_messaging_user")
        outsider = new_test_user(self.env, login="msg_none", groups="base.group_user")
        self.assertIn(conversations.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
        self.assertNotIn(conversations.id, self.env["ir.ui.menu"].with_user(outsider)._visible_menu_ids())
        self.assertTrue(self.env["crm.lead"].with_user(user).has_access("create"))
        self.assertFalse(self.env["crm.lead"].with_user(outsider).has_access("read"))
