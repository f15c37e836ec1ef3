import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

const PING_EVERY_MS = 3 * 60 * 1000;

/**
 * Position pings: while the driver's page is open and the driver switched sharing on,
 * send the phone's position every few minutes (the server refuses them otherwise).
 */
export class DriverTracking extends Interaction {
    static selector = ".o_driver_tracking[data-tracking='1']";

    start() {
        if (!navigator.geolocation) {
            return;
        }
        this.ping();
        const timer = setInterval(() => this.ping(), PING_EVERY_MS);
        this.registerCleanup(() => clearInterval(timer));
    }

    ping() {
        navigator.geolocation.getCurrentPosition(
            (pos) => this.send(pos),
            () => {},
            { enableHighAccuracy: true, timeout: 30000, maximumAge: 60000 }
        );
    }

    async send(pos) {
        const body = new FormData();
        body.append("csrf_token", odoo.csrf_token);
        body.append("latitude", pos.coords.latitude);
        body.append("longitude", pos.coords.longitude);
        body.append("accuracy", pos.coords.accuracy);
        body.append("timestamp", pos.timestamp);
        try {
            await fetch("/driver/position", {
                method: "POST",
                body,
                headers: { Accept: "application/json" },
            });
        } catch {
            // no signal: the next ping will try again
        }
    }
}

registry.category("public.interactions").add("driver_portal.tracking", DriverTracking);
