import { Component, onWillStart, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useSortable } from "@web/core/utils/sortable_owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const { DateTime } = luxon;
const UNITS = { weight: "kg", volume: "m³", stops: "", hours: "h" };
const LABELS = { weight: _t("Weight"), volume: _t("Volume"), stops: _t("Stops"), hours: _t("Hours") };

/**
 * The dispatch board: lanes = drivers x days, plus the unassigned stops. Cards are
 * dragged within and between lanes (several at once when selected); every drop is
 * saved in one call with the versions of the lanes it touches, so a stale board or an
 * over-capacity lane is answered by a dialog instead of overwriting anything.
 */
export class DispatchBoard extends Component {
    static template = "dispatch_board.Board";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.action = useService("action");
        this.root = useRef("root");
        this.state = useState({
            dateFrom: DateTime.now().startOf("week"),
            days: 7,
            filters: { warehouse_id: false, carrier_id: false },
            data: null,
            selected: new Set(),
            busy: false,
        });
        this.labels = LABELS;
        this.units = UNITS;
        useSortable({
            ref: this.root,
            elements: ".o_dispatch_card",
            groups: ".o_dispatch_lane_stops",
            connectGroups: true,
            cursor: "move",
            onDrop: (params) => this.onDrop(params),
        });
        onWillStart(() => this.load());
    }

    // -- loading ----------------------------------------------------------------------

    get view() {
        return { date_from: this.state.dateFrom.toISODate(), days: this.state.days, filters: this.state.filters };
    }

    async load() {
        const { date_from, days, filters } = this.view;
        this.state.data = await this.orm.call("dispatch.board", "load_board", [date_from, days, filters]);
        this.state.selected = new Set();
    }

    shift(step) {
        this.state.dateFrom = this.state.dateFrom.plus({ days: step * this.state.days });
        return this.load();
    }

    today() {
        const now = DateTime.now();
        this.state.dateFrom = this.state.days === 7 ? now.startOf("week") : now.startOf("day");
        return this.load();
    }

    zoom(days) {
        this.state.days = days;
        return this.today();
    }

    setFilter(name, value) {
        this.state.filters[name] = value ? parseInt(value) : false;
        return this.load();
    }

    // -- display helpers --------------------------------------------------------------

    laneKey(driverId, date) {
        return `${driverId}|${date}`;
    }

    dayLabel(date) {
        return DateTime.fromISO(date).toFormat("ccc dd/LL");
    }

    bars(lane) {
        return ["weight", "volume", "stops", "hours"].map((dim) => {
            const load = lane.load[dim] || 0;
            const cap = lane.capacity[dim];
            const pct = cap ? Math.min(100, Math.round((load / cap) * 100)) : 0;
            return { dim, load, cap, pct, over: lane.over.includes(dim) };
        });
    }

    cardClass(stop) {
        return {
            o_dispatch_locked: Boolean(stop.locked),
            o_dispatch_late: stop.late,
            o_dispatch_selected: this.state.selected.has(stop.id),
        };
    }

    toggleSelect(ev, stopId) {
        const selected = new Set(this.state.selected);
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey) {
            selected.has(stopId) ? selected.delete(stopId) : selected.add(stopId);
        } else {
            selected.clear();
            selected.add(stopId);
        }
        this.state.selected = selected;
    }

    selectLane(key) {
        this.state.selected = new Set(this.state.data.lanes[key].stops);
    }

    // -- moving -----------------------------------------------------------------------

    laneOf(stopId) {
        return Object.values(this.state.data.lanes).find((lane) => lane.stops.includes(stopId)).key;
    }

    /** New orders of every lane touched by moving ``ids`` before ``beforeId`` (or last). */
    plan(ids, targetKey, beforeId) {
        const lanes = this.state.data.lanes;
        const changed = {};
        const touch = (key) => (changed[key] ||= [...lanes[key].stops]);
        for (const id of ids) {
            const list = touch(this.laneOf(id));
            list.splice(list.indexOf(id), 1);
        }
        const target = touch(targetKey);
        let index = beforeId ? target.indexOf(beforeId) : -1;
        if (index < 0) {
            index = target.length;
        }
        target.splice(index, 0, ...ids);
        return changed;
    }

    async onDrop({ element, previous, next, parent }) {
        const stopId = parseInt(element.dataset.id);
        const targetKey = parent.dataset.lane;
        const all = Object.values(this.state.data.lanes).flatMap((lane) => lane.stops);
        let ids = [stopId];
        if (this.state.selected.has(stopId) && this.state.selected.size > 1) {
            ids = all.filter((id) => this.state.selected.has(id));
        }
        let beforeId = next && next.dataset.id ? parseInt(next.dataset.id) : null;
        if (!beforeId && previous && previous.dataset.id) {
            const list = this.state.data.lanes[targetKey].stops;
            beforeId = list[list.indexOf(parseInt(previous.dataset.id)) + 1] || null;
        }
        while (beforeId && ids.includes(beforeId)) {
            const list = this.state.data.lanes[targetKey].stops;
            beforeId = list[list.indexOf(beforeId) + 1] || null;
        }
        await this.save(this.plan(ids, targetKey, beforeId));
    }

    async moveDayTo(key, days) {
        const lane = this.state.data.lanes[key];
        const date = DateTime.fromISO(lane.date).plus({ days }).toISODate();
        const targetKey = this.laneKey(lane.driver_id, date);
        if (!this.state.data.lanes[targetKey]) {
            this.notification.add(_t("Show that day on the board first."), { type: "warning" });
            return;
        }
        await this.save(this.plan([...lane.stops], targetKey, null));
    }

    async save(changed, confirm = false) {
        const lanes = Object.entries(changed).map(([key, stops]) => ({ key, stops }));
        const versions = Object.fromEntries(
            Object.keys(changed).map((key) => [key, this.state.data.lanes[key].version])
        );
        this.state.busy = true;
        let answer;
        try {
            answer = await this.orm.call("dispatch.board", "save_lanes", [lanes, versions, confirm, this.view]);
        } catch (error) {
            this.notification.add(error.data?.message || error.message, { type: "danger", sticky: false });
            await this.load();
            return;
        } finally {
            this.state.busy = false;
        }
        if (answer.status === "ok") {
            this.state.data = answer.board;
            this.state.selected = new Set();
        } else if (answer.status === "stale") {
            this.dialog.add(ConfirmationDialog, {
                title: _t("The board has changed"),
                body: _t("Another dispatcher saved these lanes meanwhile. Reload the board and redo your change."),
                confirmLabel: _t("Reload"),
                confirm: () => this.load(),
                cancel: () => {},
            });
            await this.load();
        } else if (answer.status === "over_capacity") {
            const lines = Object.entries(answer.over).map(([key, info]) => {
                const [driverId, date] = key.split("|");
                const driver = this.state.data.drivers.find((d) => d.id === parseInt(driverId));
                const dims = info.over.map((dim) => `${LABELS[dim]} ${info.load[dim]} / ${info.capacity[dim]}`);
                return `${driver?.name} ${date}: ${dims.join(", ")}`;
            });
            this.dialog.add(ConfirmationDialog, {
                title: _t("Over capacity"),
                body: _t("This plan overloads: %s. Save it anyway?", lines.join("; ")),
                confirmLabel: _t("Save anyway"),
                confirm: () => this.save(changed, true),
                cancel: () => this.load(),
            });
        }
    }

    // -- optimisation -----------------------------------------------------------------

    async optimise(lane) {
        const action = await this.orm.call("dispatch.board", "optimise_day", [lane.driver_id, lane.date]);
        return this.action.doAction(action);
    }

    async notify(lane) {
        const counts = await this.orm.call("dispatch.board", "notify_customers", [[lane.key]]);
        this.notification.add(
            _t("%(queued)s notices queued, %(blocked)s blocked by consent, %(skipped)s customers without contact.", counts),
            { type: counts.queued ? "success" : "info" }
        );
    }

    async planDay(date) {
        const action = await this.orm.call("dispatch.board", "plan_day", [date]);
        return this.action.doAction(action);
    }
}

registry.category("actions").add("dispatch_board.board", DispatchBoard);
