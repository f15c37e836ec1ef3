import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("invoice_rpa_live_log", {
    steps: () => [
        {
            content: "The process form lists its robot runs in the live list",
            trigger: ".o_field_rpa_live_executions .o_data_row:contains(tour-1)",
        },
        {
            content: "Open the robot runs of the process",
            trigger: "button[name=action_view_executions]",
            run: "click",
        },
        {
            content: "Open the run",
            trigger: ".o_view_controller.o_list_view .o_data_row td[name=job_id]:contains(tour-1)",
            run: "click",
        },
        {
            content: "The execution form shows its log in the live widget",
            trigger: ".o_field_rpa_live_log pre:contains(Login ok)",
        },
    ],
});
