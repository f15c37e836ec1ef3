import { Component, onMounted, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";

/**
 * Drivers' last positions and today's remaining stops on a Leaflet map (vendored in
 * ops_base/static/lib/leaflet, loaded on demand). When Leaflet or the tiles cannot load
 * (no network, blocked tile server), the same points are shown as a list.
 */
export class OpsMap extends Component {
    static template = "ops_dashboard.Map";
    static props = { map: Object };

    setup() {
        this.mapRef = useRef("map");
        this.state = useState({ degraded: false });
        this.tilesLoaded = 0;
        this.tileErrors = 0;
        onWillStart(async () => {
            try {
                await loadBundle("ops_dashboard.leaflet_lib");
            } catch {
                this.state.degraded = true;
            }
        });
        onMounted(() => this.createMap());
        useEffect(
            () => this.drawPoints(),
            () => [this.props.map]
        );
        onWillUnmount(() => this.map?.remove());
    }

    get points() {
        return [...this.props.map.drivers, ...this.props.map.stops];
    }

    createMap() {
        if (this.state.degraded || !window.L || !this.mapRef.el) {
            this.state.degraded = true;
            return;
        }
        const L = window.L;
        this.map = L.map(this.mapRef.el, { scrollWheelZoom: false });
        const tiles = L.tileLayer(this.props.map.tile_url, {
            maxZoom: 18,
            attribution: "&copy; OpenStreetMap contributors",
        });
        tiles.on("tileload", () => this.tilesLoaded++);
        tiles.on("tileerror", () => {
            this.tileErrors++;
            // several tiles failed and none arrived: the tile server is out of reach
            if (!this.tilesLoaded && this.tileErrors >= 2) {
                this.state.degraded = true;
            }
        });
        tiles.addTo(this.map);
        this.layer = L.layerGroup().addTo(this.map);
        this.drawPoints();
    }

    drawPoints() {
        if (!this.map) {
            return;
        }
        const L = window.L;
        this.layer.clearLayers();
        const bounds = [];
        for (const driver of this.props.map.drivers) {
            const marker = L.circleMarker([driver.latitude, driver.longitude], {
                radius: 8, color: "#017e84", fillOpacity: 0.9,
            });
            marker.bindTooltip(`${driver.name} · ${driver.time}`).addTo(this.layer);
            bounds.push([driver.latitude, driver.longitude]);
        }
        for (const stop of this.props.map.stops) {
            const marker = L.circleMarker([stop.latitude, stop.longitude], {
                radius: 5, color: "#e99d00", fillOpacity: 0.7,
            });
            marker.bindTooltip(`${stop.name} · ${stop.partner}`).addTo(this.layer);
            bounds.push([stop.latitude, stop.longitude]);
        }
        if (bounds.length) {
            this.map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
        } else {
            this.map.setView([0, 0], 1);
        }
    }
}
