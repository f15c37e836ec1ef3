import { Component, onMounted, onWillStart, onWillUnmount, useRef } from "@odoo/owl";
import { loadCSS, loadJS } from "@web/core/assets";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
const LIB = "/ops_base/static/lib/leaflet";

/** The preview's routes on a map (Leaflet, OpenStreetMap tiles): one colour per driver,
 * the warehouse as a black dot, stops numbered in the previewed order. */
export class PlanMap extends Component {
    static template = "dispatch_board.PlanMap";
    static props = { ...standardFieldProps };

    setup() {
        this.mapRef = useRef("map");
        onWillStart(() => Promise.all([loadJS(`${LIB}/leaflet.js`), loadCSS(`${LIB}/leaflet.css`)]));
        onMounted(() => this.draw());
        onWillUnmount(() => this.map?.remove());
    }

    get data() {
        return this.props.record.data[this.props.name];
    }

    draw() {
        const data = this.data;
        if (!data || !this.mapRef.el) {
            return;
        }
        const L = window.L;
        this.map = L.map(this.mapRef.el, { scrollWheelZoom: false });
        L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
            maxZoom: 19,
            attribution: "&copy; OpenStreetMap contributors",
        }).addTo(this.map);
        const bounds = [];
        if (data.depot) {
            L.circleMarker(data.depot, { radius: 7, color: "#000", fillOpacity: 1 }).addTo(this.map);
            bounds.push(data.depot);
        }
        data.routes.forEach((route, index) => {
            const color = COLORS[index % COLORS.length];
            const line = data.depot ? [data.depot, ...route.after, data.depot] : route.after;
            if (line.length > 1) {
                L.polyline(line, { color, weight: 3 }).bindTooltip(route.driver).addTo(this.map);
            }
            route.after.forEach((point, stop) => {
                L.circleMarker(point, { radius: 5, color, fillOpacity: 0.9 })
                    .bindTooltip(`${route.driver} · ${stop + 1}. ${route.names[stop]}`)
                    .addTo(this.map);
                bounds.push(point);
            });
        });
        // the notebook page may still be laying out: size the map once it is
        const fit = () => {
            this.map.invalidateSize();
            if (bounds.length) {
                this.map.fitBounds(bounds, { padding: [20, 20] });
            }
        };
        fit();
        requestAnimationFrame(fit);
    }
}

registry.category("fields").add("dispatch_plan_map", { component: PlanMap, supportedTypes: ["json"] });
