import hashlib
import re
import unicodedata

import psycopg2

from odoo import api, fields, models
from odoo.tools import mute_logger


def normalize_address(*parts):
    """One canonical text per address: accents, case, punctuation and spacing removed,
    so "Av. Paulista, 1000 - São Paulo" and "av paulista 1000 sao paulo" are one entry."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


class LogisticsGeocodeCache(models.Model):
    """Geocoding results by normalized address, so no address is geocoded twice.

    Misses are cached too (``found`` False): an address Google cannot find is not
    retried on every quote; editing the address gives a new key.
    """

    _name = "logistics.geocode.cache"
    _description = "Geocoding cache"
    _order = "id desc"
    _rec_name = "address"

    address_key = fields.Char(required=True, readonly=True)
    address = fields.Char(required=True, readonly=True)
    found = fields.Boolean(readonly=True)
    latitude = fields.Float(digits=(10, 7), readonly=True)
    longitude = fields.Float(digits=(10, 7), readonly=True)
    source = fields.Selection(
        [("google", "Google"), ("openstreetmap", "OpenStreetMap")], required=True, readonly=True)

    _address_key_unique = models.UniqueIndex("(address_key)", "This address is already cached.")

    @api.model
    def _key_for(self, normalized):
        return hashlib.sha1(normalized.encode()).hexdigest()  # noqa: S324 - a cache key, not a secret

    @api.model
    def _lookup(self, normalized_addresses):
        """Map normalized address -> cache record, in one query."""
        keys = {self._key_for(a): a for a in normalized_addresses}
        found = self.sudo().search([("address_key", "in", list(keys))])
        return {keys[rec.address_key]: rec for rec in found}

    @api.model
    def _store(self, normalized, coords, source):
        """Remember a result (``coords`` None = not found). Concurrent quotes may geocode
        the same address at once: the unique index keeps one, the loser reuses it."""
        key = self._key_for(normalized)
        vals = {"address_key": key, "address": normalized, "source": source, "found": bool(coords)}
        if coords:
            vals.update(latitude=coords[0], longitude=coords[1])
        existing = self.sudo().search([("address_key", "=", key)], limit=1)
        if existing:
            return existing
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                return self.sudo().create(vals)
        except psycopg2.errors.UniqueViolation:
            # a concurrent transaction cached it first; its row is not visible in our
            # snapshot, so answer from memory with the same values
            return self.new(vals)
