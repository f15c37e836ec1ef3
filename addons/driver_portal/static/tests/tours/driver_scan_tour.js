import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("driver_portal_share_and_scan", {
    url: "/driver",
    steps: () => [
        {
            content: "Position sharing starts off",
            trigger: ".o_driver_tracking[data-tracking='0'] .o_driver_tracking_btn",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Sharing is on: the page now sends positions",
            trigger: ".o_driver_tracking[data-tracking='1']",
        },
        {
            content: "Open the scanner",
            trigger: ".o_driver_scan_btn",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The camera view of the scanner is shown",
            trigger: ".o_driver_scanner .o_driver_scan_video",
        },
        {
            content: "Without a camera (headless browser), the scanner says so instead of failing",
            trigger: ".o_driver_scan_status:contains('camera')",
        },
    ],
});
