from odoo import api, fields, models
from odoo.tools import SQL

LANE_ID = SQL("(COALESCE(driver_id, 0), COALESCE(date, '1970-01-01'))")


class DispatchDay(models.Model):
    """The version of a board lane (a driver's day, or the unassigned stops): every save
    bumps it, and a save made from an older version is refused as stale, so two
    dispatchers never silently overwrite each other."""

    _name = "dispatch.day"
    _description = "Dispatch lane version"

    driver_id = fields.Many2one("res.users", ondelete="cascade", readonly=True)
    date = fields.Date(readonly=True)
    version = fields.Integer(default=0, readonly=True)

    _lane_unique = models.UniqueIndex("(COALESCE(driver_id, 0), COALESCE(date, '1970-01-01'))")

    @api.model
    def _key(self, driver_id, date):
        """The board's name of a lane: "driver|YYYY-MM-DD" ("0|" is the unassigned lane)."""
        return f"{driver_id or 0}|{fields.Date.to_string(date) if date else ''}"

    @api.model
    def _lanes(self, keys):
        lanes = []
        for key in keys:
            driver, _sep, day = key.partition("|")
            lanes.append((int(driver), day or "1970-01-01"))
        return tuple(lanes)

    @api.model
    def _versions(self, keys, lock=False):
        """{key: version} of the lanes ``keys`` (a lane never saved is at version 0);
        ``lock`` holds them until the transaction ends."""
        if not keys:
            return {}
        query = SQL("SELECT COALESCE(driver_id, 0), date, version FROM dispatch_day WHERE %s IN %s ORDER BY id%s",
                    LANE_ID, self._lanes(keys), SQL(" FOR UPDATE") if lock else SQL(""))
        found = {self._key(d, day): v for d, day, v in self.env.execute_query(query)}
        return {key: found.get(key, 0) for key in keys}

    @api.model
    def _bump(self, expected):
        """Lock the lanes of ``expected`` ({key: version}) and bump them all when every one
        is still at the expected version; returns the stale keys (then nothing changes).
        The row locks make a concurrent save wait, and then find itself stale."""
        if not expected:
            return []
        lanes = self._lanes(sorted(expected))
        rows = SQL(", ").join(SQL("(%s::int, %s::date, 0)", d or None, None if d_ == "1970-01-01" else d_)
                              for d, d_ in lanes)
        self.env.cr.execute(SQL("INSERT INTO dispatch_day (driver_id, date, version) VALUES %s ON CONFLICT DO NOTHING",
                                rows))
        current = self._versions(sorted(expected), lock=True)
        stale = [key for key in sorted(expected) if current[key] != expected[key]]
        if not stale:
            self.env.cr.execute(SQL("UPDATE dispatch_day SET version = version + 1 WHERE %s IN %s", LANE_ID, lanes))
        return stale
