from odoo.tests import tagged

from odoo.addons.ops_base.tests.fake_http import Reply

from .common import FakeGoogleMaps, LogisticsCase


@tagged("post_install", "-at_install")
class TestPartnerGeocoding(LogisticsCase):
    def setUp(self):
        super().setUp()
        self.server = FakeGoogleMaps().start()
        self.addCleanup(self.server.stop)
        self.server.places = {"avenida paulista": (-23.5614, -46.6559)}
        self.use_google(self.server)

    def test_google_geocodes_once_per_address(self):
        first = self.make_customer("A", street="Avenida Paulista, 1000", city="São Paulo")
        twin = self.make_customer("B", street="avenida  paulista 1000", city="Sao Paulo")  # same, written differently
        failed = (first | twin)._logistics_ensure_coordinates()
        self.assertFalse(failed)
        self.assertEqual(self.server.geocode_requests(), 1)
        self.assertEqual((first.partner_latitude, first.geo_source), (-23.5614, "google"))
        self.assertEqual(twin.partner_longitude, -46.6559)

        third = self.make_customer("C", street="Avenida Paulista 1000", city="SAO PAULO")
        third._logistics_ensure_coordinates()
        self.assertEqual(self.server.geocode_requests(), 1, "answered from the cache")
        self.assertTrue(third.geo_changed_at)

    def test_not_found_is_cached_and_reported(self):
        lost = self.make_customer("Lost", street="Rua Perdida 1", city="Lugar Nenhum")
        self.assertEqual(lost._logistics_ensure_coordinates(), lost)
        self.assertEqual(lost._logistics_ensure_coordinates(), lost)
        self.assertEqual(self.server.geocode_requests(), 1, "a miss is not asked again")
        action = lost.action_logistics_geocode()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("Rua Perdida 1", action["params"]["message"])

    def test_manual_pin_is_never_overwritten(self):
        pinned = self.make_customer("Pinned", street="Avenida Paulista, 2000", city="São Paulo")
        pinned.write({"partner_latitude": -23.0, "partner_longitude": -46.0})
        self.assertEqual(pinned.geo_source, "manual", "coordinates typed by a person are a manual pin")
        pinned._logistics_ensure_coordinates()
        pinned.action_logistics_geocode()
        self.assertEqual((pinned.partner_latitude, pinned.partner_longitude), (-23.0, -46.0))
        self.assertEqual(self.server.geocode_requests(), 0)

    def test_address_change_invalidates_coordinates(self):
        partner = self.make_customer("Mover", street="Avenida Paulista, 3000", city="São Paulo")
        partner._logistics_ensure_coordinates()
        before = partner.geo_changed_at
        partner.write({"street": "Rua Nova 10"})
        self.assertEqual((partner.partner_latitude, partner.partner_longitude), (0.0, 0.0))
        self.assertFalse(partner.geo_source)
        self.assertGreaterEqual(partner.geo_changed_at, before)

    def test_provider_outage_does_not_poison_the_cache(self):
        self.server.add("GET", "/maps/api/geocode/json", Reply(status=500, body=b"boom"))
        partner = self.make_customer("Outage", street="Avenida Paulista, 4000", city="São Paulo")
        self.assertEqual(partner._logistics_ensure_coordinates(), partner)
        self.assertFalse(self.env["logistics.geocode.cache"].search([("address", "ilike", "paulista 4000")]))

    def test_saving_a_partner_never_calls_the_provider(self):
        self.make_customer("Quiet", street="Avenida Paulista, 5000", city="São Paulo")
        self.assertEqual(self.server.count(), 0)


@tagged("post_install", "-at_install")
class TestOpenStreetMapFallback(LogisticsCase):
    """Without a Google key, Odoo's base_geolocalize provider (Nominatim) locates partners."""

    def setUp(self):
        super().setUp()
        self.server = FakeGoogleMaps().start()  # any local server: only /search is used
        self.addCleanup(self.server.stop)
        self.ICP.set_param("logistics_delivery.nominatim_url", self.server.url + "/search")
        self.ICP.set_param("base_geolocalize.geo_provider",
                           self.env.ref("base_geolocalize.geoprovider_open_street").id)

    def test_located_with_nominatim_and_cached(self):
        self.server.add("GET", "/search", Reply(json=[{"lat": "-23.5614", "lon": "-46.6559"}]))
        first = self.make_customer("OSM A", street="Avenida Paulista, 1578", city="São Paulo")
        twin = self.make_customer("OSM B", street="Avenida Paulista 1578", city="Sao Paulo")
        self.assertFalse((first | twin)._logistics_ensure_coordinates())
        self.assertEqual((first.partner_latitude, first.geo_source), (-23.5614, "openstreetmap"))
        self.assertEqual(self.server.count("GET", "/search"), 1)
        self.assertIn("Avenida Paulista", self.server.received("GET", "/search")[0].query["q"])

    def test_nominatim_not_found_and_outage(self):
        self.server.add("GET", "/search", Reply(json=[]))
        lost = self.make_customer("OSM lost", street="Rua Perdida 2", city="Lugar Nenhum")
        self.assertEqual(lost._logistics_ensure_coordinates(), lost)
        self.server.add("GET", "/search", Reply(status=503, body=b"down"))
        down = self.make_customer("OSM down", street="Rua Qualquer 3", city="Campinas")
        self.assertEqual(down._logistics_ensure_coordinates(), down)
        self.assertFalse(self.env["logistics.geocode.cache"].search([("address", "ilike", "qualquer 3")]),
                         "an outage is not remembered as 'not found'")
