import { registry } from "@web/core/registry";

/** A small PNG "photo" made on a canvas, as a File the photo input accepts. */
function makePhoto() {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#c87828";
    ctx.fillRect(0, 0, 64, 48);
    const bytes = atob(canvas.toDataURL("image/png").split(",")[1]);
    const data = Uint8Array.from(bytes, (c) => c.charCodeAt(0));
    return new File([data], "doorstep.png", { type: "image/png" });
}

/** Sign with a finger: pointer events along a zigzag on the signature pad. */
function sign(canvas) {
    const box = canvas.getBoundingClientRect();
    const point = (x, y) => ({
        clientX: box.left + x,
        clientY: box.top + y,
        pressure: 0.5,
        buttons: 1,
        pointerId: 1,
        pointerType: "touch",
        isPrimary: true,
        bubbles: true,
    });
    canvas.dispatchEvent(new PointerEvent("pointerdown", point(20, 120)));
    for (const [x, y] of [[60, 40], [100, 150], [140, 50], [180, 140], [220, 60]]) {
        canvas.dispatchEvent(new PointerEvent("pointermove", point(x, y)));
    }
    canvas.dispatchEvent(new PointerEvent("pointerup", point(220, 60)));
}

registry.category("web_tour.tours").add("driver_portal_deliver", {
    url: "/driver",
    steps: () => [
        {
            content: "The day's first stop is listed with its navigation and call buttons",
            trigger: ".o_driver_stop:first .o_driver_waze",
        },
        {
            content: "Open the stop",
            trigger: ".o_driver_stop:first .o_driver_open_stop",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Type who received the goods",
            trigger: ".o_driver_deliver_form input[name='recipient_name']",
            run: "edit Joana Recebedora",
        },
        {
            content: "The recipient signs on the pad",
            trigger: ".o_driver_deliver_form .o_driver_signature_canvas",
            run() {
                sign(this.anchor);
            },
        },
        {
            content: "Take a photo of the delivered goods",
            trigger: ".o_driver_deliver_form input[name='photos']",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(makePhoto());
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Confirm the delivery",
            trigger: ".o_driver_deliver_form .o_driver_deliver_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The stop is delivered",
            trigger: ".o_driver_delivered",
        },
        {
            content: "The proof is shown",
            trigger: ".o_driver_proof:contains('Joana Recebedora')",
        },
        {
            content: "The stop cannot be closed again",
            trigger: "body:not(:has(.o_driver_deliver_form)) .o_driver_stop_detail",
        },
    ],
});

/** The steps of one stop of the day: open the first stop still to deliver, deliver it
 * with a name and a signature, go back to the day's list. */
function deliverNextStop(round) {
    return [
        {
            content: `Stop ${round}: open the first stop still to deliver`,
            trigger: ".o_driver_stop_todo:first .o_driver_open_stop",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: `Stop ${round}: type who received the goods`,
            trigger: ".o_driver_deliver_form input[name='recipient_name']",
            run: `edit Receiver ${round}`,
        },
        {
            content: `Stop ${round}: the recipient signs`,
            trigger: ".o_driver_deliver_form .o_driver_signature_canvas",
            run() {
                sign(this.anchor);
            },
        },
        {
            content: `Stop ${round}: confirm the delivery`,
            trigger: ".o_driver_deliver_form .o_driver_deliver_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: `Stop ${round}: delivered, not an error`,
            trigger: "body:not(:has(.o_driver_error)) .o_driver_delivered",
        },
        {
            content: `Stop ${round}: back to the day`,
            trigger: ".o_driver_back",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

registry.category("web_tour.tours").add("driver_portal_demo_day", {
    url: "/driver",
    steps: () => [
        {
            content: "The demo day has three stops to deliver",
            trigger: ".o_driver_stops:has(.o_driver_stop_todo:eq(2))",
        },
        ...deliverNextStop(1),
        ...deliverNextStop(2),
        ...deliverNextStop(3),
        {
            content: "Every stop of the day is delivered",
            trigger: ".o_driver_stops:not(:has(.o_driver_stop_todo)):has(.o_driver_stop_delivered:eq(2))",
        },
    ],
});
