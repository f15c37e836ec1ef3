import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const { DateTime } = luxon;

function lane(driver) {
    return `tr[data-driver='${driver}'] td[data-date='${DateTime.now().toISODate()}'] .o_dispatch_lane_stops`;
}

registry.category("web_tour.tours").add("dispatch_board_tour", {
    url: "/odoo/action-dispatch_board.dispatch_board_action",
    steps: () => [
        {
            content: "Move a stop from Ana to Bruno",
            trigger: `${lane("Ana Driver")} .o_dispatch_card:contains('Padaria Norte')`,
            run: `drag_and_drop ${lane("Bruno Driver")}`,
        },
        {
            content: "It is Bruno's now",
            trigger: `${lane("Bruno Driver")} .o_dispatch_card:contains('Padaria Norte')`,
        },
        {
            content: "Reorder Ana's day: Mercado Leste after Bar Sul",
            trigger: `${lane("Ana Driver")} .o_dispatch_card:contains('Mercado Leste')`,
            async run(helpers) {
                await helpers.drag_and_drop(`${lane("Ana Driver")} .o_dispatch_card:contains('Bar Sul')`, {
                    position: "bottom",
                    relative: true,
                });
            },
        },
        {
            content: "Bar Sul now comes before Mercado Leste",
            trigger: `${lane("Ana Driver")} .o_dispatch_card:contains('Bar Sul') + .o_dispatch_card:contains('Mercado Leste')`,
        },
        {
            content: "Give an unassigned stop to Ana",
            trigger: ".o_dispatch_unassigned .o_dispatch_card:contains('Loja Oeste')",
            run: `drag_and_drop ${lane("Ana Driver")}`,
        },
        {
            content: "Loja Oeste is on Ana's day",
            trigger: `${lane("Ana Driver")} .o_dispatch_card:contains('Loja Oeste')`,
        },
        {
            content: "Try to move a delivered stop",
            trigger: `${lane("Ana Driver")} .o_dispatch_card:contains('Café Centro')`,
            run: `drag_and_drop ${lane("Bruno Driver")}`,
        },
        {
            content: "Refused",
            trigger: ".o_notification:contains('cannot be moved')",
        },
        {
            content: "The delivered stop stayed with Ana",
            trigger: `${lane("Ana Driver")} .o_dispatch_card:contains('Café Centro')`,
            async run() {
                // another dispatcher saves Ana's day meanwhile (same order, new version)
                const today = DateTime.now().toISODate();
                const board = await rpc("/web/dataset/call_kw/dispatch.board/load_board", {
                    model: "dispatch.board", method: "load_board", args: [today, 1], kwargs: {},
                });
                const key = Object.keys(board.lanes).find(
                    (k) => k.endsWith(today) && board.lanes[k].stops.length && board.drivers.find(
                        (d) => d.name === "Ana Driver" && k.startsWith(`${d.id}|`)));
                await rpc("/web/dataset/call_kw/dispatch.board/save_lanes", {
                    model: "dispatch.board", method: "save_lanes",
                    args: [[{ key, stops: board.lanes[key].stops }], { [key]: board.lanes[key].version }], kwargs: {},
                });
            },
        },
        {
            content: "Drag on the now stale board",
            trigger: `${lane("Ana Driver")} .o_dispatch_card:contains('Mercado Leste')`,
            run: `drag_and_drop ${lane("Bruno Driver")}`,
        },
        {
            content: "The stale-version dialog asks to reload",
            trigger: ".modal:contains('The board has changed') .btn-primary",
            run: "click",
        },
        {
            content: "Mercado Leste was not moved",
            trigger: `${lane("Ana Driver")} .o_dispatch_card:contains('Mercado Leste')`,
        },
    ],
});
