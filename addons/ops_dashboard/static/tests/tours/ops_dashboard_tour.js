import { registry } from "@web/core/registry";

function assertRows(count) {
    const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
    if (rows !== count) {
        throw new Error(`The drill-down opened ${rows} records instead of ${count}`);
    }
}

/**
 * The manager's morning: the dashboard loads with today's stops, switches to the last
 * 7 days, and opens the planned stops behind the figure (as many as it says).
 */
registry.category("web_tour.tours").add("ops_dashboard_tour", {
    steps: () => [
        {
            content: "Today's planned stops are on the deliveries card",
            trigger: ".o_ops_dashboard_section[data-section=deliveries] .o_ops_kpi[data-kpi=planned][data-value='3']",
        },
        {
            content: "The sections of the other addons are there too",
            trigger: ".o_ops_dashboard_section[data-section=weather]",
        },
        {
            content: "Switch to the last 7 days",
            trigger: ".o_ops_period button[data-period='7d']",
            run: "click",
        },
        {
            content: "The figures follow the period",
            trigger: ".o_ops_dashboard_section[data-section=deliveries] .o_ops_kpi[data-kpi=planned][data-value='5']",
        },
        {
            content: "Open the planned stops",
            trigger: ".o_ops_kpi[data-kpi=planned]",
            run: "click",
        },
        {
            content: "As many stops as the figure",
            trigger: ".o_list_view .o_data_row",
            run: () => assertRows(5),
        },
    ],
});

/**
 * The dashboard stays open while a driver fails a stop in another session: the
 * deliveries card shows it within seconds, without a page reload.
 */
registry.category("web_tour.tours").add("ops_dashboard_live_tour", {
    steps: () => [
        {
            content: "One failed stop today",
            trigger: ".o_ops_dashboard_section[data-section=deliveries] .o_ops_kpi[data-kpi=failed][data-value='1']",
        },
        {
            content: "The stop failed elsewhere shows up (bus notification)",
            trigger: ".o_ops_dashboard_section[data-section=deliveries] .o_ops_kpi[data-kpi=failed][data-value='2']",
            timeout: 40000,
        },
    ],
});
