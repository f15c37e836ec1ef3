import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { loadJS } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";

/**
 * Scan the QR code of a delivery slip with the phone camera (the browser's
 * BarcodeDetector, else Odoo's zxing-library) and open /driver/scan?token=...
 */
export class DriverScanner extends Interaction {
    static selector = ".o_driver_scanner";

    async willStart() {
        if (!("BarcodeDetector" in window)) {
            await loadJS("/web/static/lib/zxing-library/zxing-library.js");
        }
    }

    async start() {
        this.video = this.el.querySelector(".o_driver_scan_video");
        this.status = this.el.querySelector(".o_driver_scan_status");
        if (!navigator.mediaDevices?.getUserMedia) {
            this.status.textContent = _t("This browser cannot use the camera.");
            return;
        }
        try {
            if ("BarcodeDetector" in window) {
                await this.scanWithDetector();
            } else {
                await this.scanWithZXing();
            }
        } catch (error) {
            this.status.textContent = _t("Could not start the camera: %(message)s", {
                message: error.message || error.name,
            });
        }
    }

    async scanWithDetector() {
        const stream = await navigator.mediaDevices.getUserMedia({
            video: { facingMode: "environment" },
            audio: false,
        });
        this.registerCleanup(() => stream.getTracks().forEach((t) => t.stop()));
        this.video.srcObject = stream;
        await this.video.play();
        const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        const tick = async () => {
            if (this.isDestroyed) {
                return;
            }
            const codes = await detector.detect(this.video).catch(() => []);
            if (codes.length) {
                this.open(codes[0].rawValue);
            } else {
                setTimeout(tick, 200);
            }
        };
        tick();
    }

    async scanWithZXing() {
        const reader = new window.ZXing.BrowserQRCodeReader();
        this.registerCleanup(() => reader.reset());
        const result = await reader.decodeOnceFromConstraints(
            { video: { facingMode: "environment" } },
            this.video
        );
        this.open(result.getText());
    }

    open(value) {
        let token = value;
        try {
            const url = new URL(value, window.location.origin);
            if (url.searchParams.get("token")) {
                token = url.searchParams.get("token");
            }
        } catch {
            // a bare token
        }
        this.status.textContent = _t("Code found, opening the stop…");
        window.location.assign(`/driver/scan?token=${encodeURIComponent(token)}`);
    }
}

registry.category("public.interactions").add("driver_portal.scanner", DriverScanner);
