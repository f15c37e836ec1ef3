import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("ops_dashboard_open", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("ops_base.menu_operations_root", "Open the Operations app"),
        {
            content: "The dashboard opens first and shows its empty state",
            trigger: ".o_ops_dashboard .o_ops_dashboard_empty",
        },
    ],
});
