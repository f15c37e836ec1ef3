"""Cross-addon checks on the installed suite (pytest-odoo, on make test's database)."""

from pathlib import Path

from odoo.tests import TransactionCase, tagged

# The suite is the addons/ folder (as for tools/common.sh).
SUITE = sorted(p.parent.name for p in (Path(__file__).resolve().parents[1] / "addons").glob("*/__manifest__.py"))


# Outside odoo.addons, Odoo test classes get their tags from @tagged only.
@tagged("post_install", "-at_install")
class TestSuiteConsistency(TransactionCase):
    def test_suite_and_queue_job_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", [*SUITE, "queue_job"])])
        self.assertEqual(set(modules.filtered(lambda m: m.state == "installed").mapped("name")), {*SUITE, "queue_job"})

    def test_every_operations_menu_is_restricted_to_suite_groups(self):
        """A menu under Operations open to every employee would show the app to all."""
        root = self.env.ref("ops_base.menu_operations_root")
        children = self.env["ir.ui.menu"].search([("id", "child_of", root.id), ("id", "!=", root.id)])

        def restricted(menu):
            while menu and menu != root:
                if menu.group_ids:
                    return True
                menu = menu.parent_id
            return False

        open_leaves = children.filtered(lambda m: m.action and not restricted(m))
        self.assertFalse(open_leaves.mapped("complete_name"))

    def test_internal_privileges_live_in_the_operations_category(self):
        category = self.env.ref("ops_base.module_category_operations")
        privileges = self.env["res.groups.privilege"].search([("category_id", "=", category.id)])
        self.assertEqual(
            set(privileges.mapped("name")),
            {
                "AI Assistant",
                "Dashboard",
                "Delivery Booking",
                "Dispatch",
                "Freight Audit",
                "Invoice RPA",
                "Logistics",
                "Messaging",
            },
        )
        managers = privileges.group_ids.filtered(lambda g: g.name == "Manager")
        for manager in managers:
            user_group = privileges.group_ids.filtered(
                lambda g, m=manager: g.privilege_id == m.privilege_id and g.name == "User"
            )
            self.assertIn(user_group, manager.implied_ids, manager.full_name)
