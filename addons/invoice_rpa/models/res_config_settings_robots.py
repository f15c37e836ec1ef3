from odoo import fields, models

# ir.config_parameter keys of the robot settings (read by rpa.execution._robot_config)
PARAM_API_TOKEN = "invoice_rpa.api_token"  # noqa: S105 (a parameter key, not a secret)
PARAM_CALLBACK_TOKEN = "invoice_rpa.callback_token"  # noqa: S105
PARAM_JOB_TIMEOUT = "invoice_rpa.job_timeout_minutes"
PARAM_POLL_INTERVAL = "invoice_rpa.poll_interval_seconds"
PARAM_MAX_RETRIES = "invoice_rpa.max_retries"
PARAM_CONCURRENCY = "invoice_rpa.concurrency_limit"


class ResConfigSettings(models.TransientModel):
    """Robot settings of Invoice RPA: the external RPA API secret, the callback token and
    the limits of robot runs. Secrets are for administrators only and never logged."""

    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    invoice_rpa_api_token = fields.Char(
        string="RPA API Secret", config_parameter=PARAM_API_TOKEN, groups="base.group_system",
        help="Secret signing the HS256 JWT sent as 'Authorization: Bearer …' to the external RPA API.",
    )
    invoice_rpa_callback_token = fields.Char(
        string="Callback Token", config_parameter=PARAM_CALLBACK_TOKEN, groups="base.group_system",
        help="Bearer token the robots must send to /invoice_rpa/callback. "
             "Empty: the RPA API secret is expected instead.",
    )
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
        help="Retries (with growing delays) after a connection error or a 5xx answer of the RPA API.",
    )
    invoice_rpa_concurrency = fields.Integer(
        string="Robot Jobs in Flight", config_parameter=PARAM_CONCURRENCY, default=5,
        groups="base.group_system",
        help="Robot jobs running at most at the same time for downloads started by hand "
             "(schedules have their own limit).",
    )
