from datetime import timedelta

from odoo import api, fields, models

DEFAULT_RETENTION_DAYS = 30
RETENTION_PARAM = "driver_portal.position_retention_days"
PURGE_BATCH = 10000


class DriverPosition(models.Model):
    """A GPS position sent by a driver's phone (only with the driver's consent).

    ``is_latest`` marks the newest position of each driver, so a dashboard reads the
    current position of every driver with one indexed search.
    """

    _name = "driver.position"
    _description = "Driver Position"
    _order = "recorded_at desc, id desc"
    _rec_name = "driver_id"

    driver_id = fields.Many2one("res.users", required=True, index=True, ondelete="cascade", readonly=True)
    latitude = fields.Float(required=True, digits=(10, 7), readonly=True)
    longitude = fields.Float(required=True, digits=(10, 7), readonly=True)
    accuracy = fields.Float(string="Accuracy (m)", readonly=True)
    recorded_at = fields.Datetime(string="Time", required=True, default=fields.Datetime.now, readonly=True,
                                  help="When the device took the position.")
    is_latest = fields.Boolean(string="Latest", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 default=lambda self: self.env.company)

    _driver_time_idx = models.Index("(driver_id, recorded_at DESC)")
    _lat_range = models.Constraint("CHECK (latitude BETWEEN -90 AND 90)", "Latitude must lie between -90 and 90.")
    _long_range = models.Constraint("CHECK (longitude BETWEEN -180 AND 180)",
                                    "Longitude must lie between -180 and 180.")

    @api.model_create_multi
    def create(self, vals_list):
        positions = super().create(vals_list)
        drivers = positions.driver_id
        # one query finds the previous newest rows; the newest of each driver wins
        previous = self.search([("driver_id", "in", drivers.ids), ("is_latest", "=", True)])
        newest = {}
        for pos in (positions | previous).sorted(lambda p: (p.recorded_at, p.id), reverse=True):
            newest.setdefault(pos.driver_id.id, pos)
        winners = self.union(*newest.values())
        (previous - winners).is_latest = False
        (winners - previous).is_latest = True
        return positions

    @api.model
    @api.readonly
    def latest_positions(self):
        """Dashboard contract: the newest position of every driver, as a list of dicts
        ``{driver_id, driver, latitude, longitude, accuracy, recorded_at}``.

        Public on purpose (RPC of the office's map): it reads with the caller's rights,
        so only logistics users get anything, of their allowed companies only."""
        return [{
            "driver_id": pos.driver_id.id, "driver": pos.driver_id.name,
            "latitude": pos.latitude, "longitude": pos.longitude, "accuracy": pos.accuracy,
            "recorded_at": fields.Datetime.to_string(pos.recorded_at),
        } for pos in self.search([("is_latest", "=", True)], order="driver_id")]

    @api.model
    def _retention_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM)
        try:
            return max(int(value), 1) if value else DEFAULT_RETENTION_DAYS
        except ValueError:
            return DEFAULT_RETENTION_DAYS

    @api.autovacuum
    def _gc_old_positions(self):
        """Delete positions older than the retention period (days, default 30), in
        batches: Odoo's daily vacuum calls again while some remain.

        :returns: ``(deleted, remaining)`` as ``ir.autovacuum`` expects
        """
        limit = fields.Datetime.now() - timedelta(days=self._retention_days())
        domain = [("recorded_at", "<", limit)]
        old = self.search(domain, limit=PURGE_BATCH, order="id")
        old.unlink()
        return len(old), self.search_count(domain, limit=1)
