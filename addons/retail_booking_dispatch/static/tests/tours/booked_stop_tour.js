import { registry } from "@web/core/registry";

const { DateTime } = luxon;

function lane(driver, date) {
    return `tr[data-driver='${driver}'] td[data-date='${date.toISODate()}'] .o_dispatch_lane_stops`;
}

const today = DateTime.now();
// another day of the week the board opens on (it starts on Monday)
const otherDay = today.weekday === 1 ? today.plus({ days: 1 }) : today.minus({ days: 1 });

registry.category("web_tour.tours").add("retail_booking_dispatch_tour", {
    url: "/odoo/action-dispatch_board.dispatch_board_action",
    steps: () => [
        {
            content: "The booked stop shows its slot and protocol",
            trigger: `${lane("Ana Driver", today)} .o_dispatch_card:contains('Padaria Norte') .o_dispatch_booking:contains('CD Atacadão São Paulo') .o_dispatch_booking_protocol:contains('AGD-77123')`,
        },
        {
            content: "Move it to another day",
            trigger: `${lane("Ana Driver", today)} .o_dispatch_card:contains('Padaria Norte')`,
            run: `drag_and_drop ${lane("Ana Driver", otherDay)}`,
        },
        {
            content: "Refused: cancel or re-book first",
            trigger: ".o_notification:contains('cancel or re-book')",
        },
        {
            content: "The stop is back on its booked day",
            trigger: `${lane("Ana Driver", today)} .o_dispatch_card:contains('Padaria Norte')`,
        },
    ],
});
