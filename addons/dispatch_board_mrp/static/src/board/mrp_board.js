import { Component, onWillStart, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useSortable } from "@web/core/utils/sortable_owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const { DateTime } = luxon;

/** Manufacturing orders by work centre x day; drop an order on another day or work
 * centre to reschedule it with Odoo's planning (work centre calendar). */
export class MrpBoard extends Component {
    static template = "dispatch_board_mrp.Board";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.root = useRef("root");
        this.state = useState({ dateFrom: DateTime.now().startOf("week"), data: null });
        useSortable({
            ref: this.root,
            elements: ".o_mrp_board_card",
            groups: ".o_mrp_board_lane",
            connectGroups: true,
            onDrop: ({ element, parent }) => this.move(parseInt(element.dataset.id), parent.dataset.key),
        });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("dispatch.mrp.board", "load_board", [this.state.dateFrom.toISODate(), 7]);
    }

    shift(weeks) {
        this.state.dateFrom = this.state.dateFrom.plus({ weeks });
        return this.load();
    }

    dayLabel(date) {
        return DateTime.fromISO(date).toFormat("ccc dd/LL");
    }

    laneKey(wcId, date) {
        return `${wcId}|${date}`;
    }

    pct(lane) {
        return lane.capacity ? Math.min(100, Math.round((lane.load / lane.capacity) * 100)) : (lane.load ? 100 : 0);
    }

    async move(orderId, key, confirm = false) {
        const order = this.state.data.orders[orderId];
        let answer;
        try {
            answer = await this.orm.call("dispatch.mrp.board", "move_orders", [
                [{ id: orderId, key, seen: order.seen }], confirm,
            ]);
        } catch (error) {
            this.notification.add(error.data?.message || error.message, { type: "danger" });
            return this.load();
        }
        if (answer.status === "over_capacity") {
            const [info] = Object.values(answer.over);
            this.dialog.add(ConfirmationDialog, {
                title: _t("Over capacity"),
                body: _t("The work centre would be loaded %(load)s h for %(capacity)s h available. Move anyway?", info),
                confirmLabel: _t("Move anyway"),
                confirm: () => this.move(orderId, key, true),
                cancel: () => this.load(),
            });
            return;
        }
        if (answer.status === "stale") {
            this.notification.add(_t("This order was changed meanwhile: the board was reloaded."), { type: "warning" });
        }
        return this.load();
    }
}

registry.category("actions").add("dispatch_board_mrp.board", MrpBoard);
