import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dispatch_plan_map_tour", {
    steps: () => [
        {
            content: "Open the preview's map",
            trigger: ".o_notebook .nav-link:contains('Map')",
            run: "click",
        },
        {
            content: "The routes are drawn",
            trigger: ".o_dispatch_plan_map.leaflet-container path.leaflet-interactive",
        },
    ],
});
