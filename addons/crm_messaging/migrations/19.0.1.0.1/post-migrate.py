"""Replace the fixed demo credentials that earlier versions shipped (public values that
made forged webhooks valid on every demo database) with random ones."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["messaging.channel"]._demo_rotate_published_credentials()
