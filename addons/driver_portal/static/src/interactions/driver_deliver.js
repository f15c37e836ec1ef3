import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { loadJS } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";

/**
 * Delivered form of a stop: signature pad (Odoo's signature_pad library), the device's
 * GPS position and time, and no double submission from a double tap.
 */
export class DriverDeliverForm extends Interaction {
    static selector = ".o_driver_deliver_form";
    dynamicContent = {
        ".o_driver_signature_clear": { "t-on-click": this.onClear },
        _root: { "t-on-submit": this.onSubmit },
    };

    async willStart() {
        await loadJS("/web/static/lib/signature_pad/signature_pad.umd.js");
    }

    start() {
        this.canvas = this.el.querySelector(".o_driver_signature_canvas");
        this.resizeCanvas();
        this.pad = new window.SignaturePad(this.canvas, { penColor: "#0b2545", minWidth: 1, maxWidth: 3 });
        this.registerCleanup(() => this.pad.off());
        this.locate();
    }

    resizeCanvas() {
        // a sharp line on high-density phone screens
        const ratio = Math.max(window.devicePixelRatio || 1, 1);
        this.canvas.width = this.canvas.offsetWidth * ratio;
        this.canvas.height = 200 * ratio;
        this.canvas.style.height = "200px";
        this.canvas.getContext("2d").scale(ratio, ratio);
    }

    onClear() {
        this.pad.clear();
    }

    locate() {
        const status = this.el.querySelector(".o_driver_gps_status");
        if (!navigator.geolocation) {
            status.textContent = _t("Position: not available on this device.");
            return;
        }
        navigator.geolocation.getCurrentPosition(
            (pos) => {
                this.setField("latitude", pos.coords.latitude);
                this.setField("longitude", pos.coords.longitude);
                this.setField("accuracy", pos.coords.accuracy);
                this.setField("gps_time", pos.timestamp);
                status.textContent = _t("Position: found (±%(meters)s m)", {
                    meters: Math.round(pos.coords.accuracy),
                });
            },
            () => {
                status.textContent = _t("Position: not shared (the delivery can still be confirmed).");
            },
            { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
        );
    }

    setField(name, value) {
        this.el.querySelector(`input[name='${name}']`).value = value;
    }

    onSubmit(ev) {
        if (this.submitted) {
            ev.preventDefault();
            return;
        }
        if (this.pad.isEmpty()) {
            ev.preventDefault();
            this.canvas.parentElement.classList.add("border-danger");
            this.canvas.scrollIntoView({ block: "center" });
            return;
        }
        this.el.querySelector(".o_driver_signature_input").value = this.pad.toDataURL("image/png");
        this.submitted = true;
        this.el.querySelector(".o_driver_deliver_submit").classList.add("disabled");
    }
}

registry.category("public.interactions").add("driver_portal.deliver_form", DriverDeliverForm);
