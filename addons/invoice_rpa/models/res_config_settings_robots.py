from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import http_download

# ir.config_parameter keys of the robot settings (read by rpa.execution._robot_config)
PARAM_JOB_TIMEOUT = "invoice_rpa.job_timeout_minutes"
PARAM_POLL_INTERVAL = "invoice_rpa.poll_interval_seconds"
PARAM_MAX_RETRIES = "invoice_rpa.max_retries"
PARAM_CONCURRENCY = "invoice_rpa.concurrency_limit"
PARAM_DOWNLOAD_ALLOWLIST = "invoice_rpa.download_allowlist"


class ResConfigSettings(models.TransientModel):
    """Robot settings of Invoice RPA: the external RPA API secret, the callback token and
    the limits of robot runs. Secrets are for administrators only and never logged."""

    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    # write-only, stored encrypted (see res_config_settings.py)
    invoice_rpa_api_token = fields.Char(
        string="RPA API Secret", compute="_compute_invoice_rpa_secrets", inverse="_inverse_invoice_rpa_api_token",
        groups="base.group_system",
        help="Secret signing the HS256 JWT sent as 'Authorization: Bearer …' to the external RPA API. "
             "Stored encrypted; leave empty to keep the current one.",
    )
    invoice_rpa_api_token_state = fields.Char(
        string="RPA API Secret Status", compute="_compute_invoice_rpa_secrets", groups="base.group_system")
    invoice_rpa_callback_token = fields.Char(
        string="Callback Token", compute="_compute_invoice_rpa_secrets",
        inverse="_inverse_invoice_rpa_callback_token", groups="base.group_system",
        help="Bearer token the robots must send to /invoice_rpa/callback: its own secret, never the "
             "RPA API secret (without it, callbacks are refused). Stored encrypted; leave empty to "
             "keep the current one.",
    )
    invoice_rpa_callback_token_state = fields.Char(
        string="Callback Token Status", compute="_compute_invoice_rpa_secrets", groups="base.group_system")
    invoice_rpa_job_timeout = fields.Integer(
        string="Robot Timeout (minutes)", config_parameter=PARAM_JOB_TIMEOUT, default=30,
        groups="base.group_system",
        help="A robot job running longer than this is stopped as 'Timeout' and its process goes to Error.",
    )
    invoice_rpa_poll_interval = fields.Integer(
        string="Poll Interval (seconds)", config_parameter=PARAM_POLL_INTERVAL, default=60,
        groups="base.group_system", help="How often a running robot job is asked for its status and logs.",
    )
    invoice_rpa_max_retries = fields.Integer(
        string="Robot Retries", config_parameter=PARAM_MAX_RETRIES, default=5, groups="base.group_system",
        help="How many times a robot job is tried again after a connection error, a timeout or an "
             "HTTP 408, 429 or 5xx answer (delays grow from 30 s to 15 min, or as the service asks).",
    )
    invoice_rpa_concurrency = fields.Integer(
        string="Robot Jobs in Flight", config_parameter=PARAM_CONCURRENCY, default=5,
        groups="base.group_system",
        help="Robot jobs running at most at the same time for downloads started by hand "
             "(schedules have their own limit).",
    )

    invoice_rpa_download_allowlist = fields.Char(
        string="Robot File Hosts Allowed", config_parameter=PARAM_DOWNLOAD_ALLOWLIST, groups="base.group_system",
        help="Robot file URLs are only downloaded from public internet addresses. List here, separated by "
             "spaces or commas, the private networks (CIDR, e.g. 10.0.5.0/24) or host names (e.g. robot.lan) "
             "of on-premise robots that may be reached too. A host name never opens link-local "
             "addresses (169.254.x.x, cloud metadata); only a CIDR can.",
    )

    @api.constrains("invoice_rpa_download_allowlist")
    def _check_invoice_rpa_download_allowlist(self):
        for settings in self:
            try:
                http_download.parse_allow_list(settings.invoice_rpa_download_allowlist)
            except ValueError:
                raise ValidationError(self.env._(
                    "The robot file hosts allowed must be networks (10.0.5.0/24, 192.168.1.20) or host names "
                    "(robot.lan), separated by spaces or commas; not “%s”.",
                    settings.invoice_rpa_download_allowlist)) from None

    def _inverse_invoice_rpa_api_token(self):
        self._invoice_rpa_store_secret("api_token")

    def _inverse_invoice_rpa_callback_token(self):
        self._invoice_rpa_store_secret("callback_token")
