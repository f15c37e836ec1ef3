import { registry } from "@web/core/registry";

const { DateTime } = luxon;

function cell(days) {
    const date = DateTime.now().startOf("week").plus({ weeks: 1, days }).toISODate();
    return `tr[data-workcenter='Board Press'] td[data-date='${date}']`;
}

registry.category("web_tour.tours").add("dispatch_board_mrp_tour", {
    url: "/odoo/action-dispatch_board_mrp.dispatch_mrp_board_action",
    steps: () => [
        {
            content: "Next week",
            trigger: ".o_mrp_next",
            run: "click",
        },
        {
            content: "Move the order from Monday to Tuesday",
            trigger: `${cell(0)} .o_mrp_board_card:contains('Board Widget')`,
            run: `drag_and_drop ${cell(1)} .o_mrp_board_lane`,
        },
        {
            content: "It is planned on Tuesday now",
            trigger: `${cell(1)} .o_mrp_board_card:contains('Board Widget')`,
        },
    ],
});
