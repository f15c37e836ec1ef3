import { Component, onMounted, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatInteger, formatMonetary } from "@web/views/fields/formatters";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { OpsChart } from "../chart/ops_chart";
import { OpsMap } from "../map/ops_map";

export const SECTION_CHANGED = "ops_dashboard.section_changed";
// a burst of notifications becomes one reload of the sections named
const BUS_DEBOUNCE_MS = 1500;
// the server sends at most one notification per section and worker in this window:
// one more reload after the last one picks up what changed meanwhile
const TRAILING_RELOAD_MS = 12000;

/**
 * The Operations dashboard: one card per section that ops.dashboard.get_sections returns
 * (each installed bridge module adds its own), filtered by period and company, reloaded
 * every 5 minutes while the tab is visible and, section by section, when the server
 * says on the bus that one changed.
 */
export class OpsDashboard extends Component {
    static template = "ops_dashboard.Dashboard";
    static components = { OpsChart, OpsMap };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.bus = useService("bus_service");
        this.state = useState({
            sections: [],
            companies: [],
            companyId: false,
            period: "today",
            dateFrom: "",
            dateTo: "",
            loading: true,
            error: false,
            reloads: 0,
        });
        this.periods = [
            ["today", _t("Today")],
            ["7d", _t("7 days")],
            ["30d", _t("30 days")],
            ["custom", _t("Custom")],
        ];
        this.pendingKeys = new Set();
        this.lastLoad = 0;
        this.onNotification = (payload) => this.queueReload(payload?.section);
        this.onVisibility = () => {
            if (!document.hidden && Date.now() - this.lastLoad >= this.refreshMs) {
                this.load();
            }
        };
        onWillStart(() => this.load());
        onMounted(() => {
            this.bus.subscribe(SECTION_CHANGED, this.onNotification);
            if (!this.bus.isActive) {
                this.bus.start();
            }
            document.addEventListener("visibilitychange", this.onVisibility);
            this.interval = setInterval(() => !document.hidden && this.load(), this.refreshMs);
        });
        onWillUnmount(() => {
            this.bus.unsubscribe(SECTION_CHANGED, this.onNotification);
            document.removeEventListener("visibilitychange", this.onVisibility);
            clearInterval(this.interval);
            clearTimeout(this.debounceTimer);
            clearTimeout(this.trailingTimer);
        });
    }

    get refreshMs() {
        return (this.refreshSeconds || 300) * 1000;
    }

    get kwargs() {
        const kwargs = { period: this.state.period };
        if (this.state.period === "custom") {
            kwargs.date_from = this.state.dateFrom;
            kwargs.date_to = this.state.dateTo;
        }
        if (this.state.companyId) {
            kwargs.company_ids = [this.state.companyId];
        }
        return kwargs;
    }

    /** One RPC: all sections, or only ``keys`` (a reload after a notification). */
    async load(keys = null) {
        const kwargs = this.kwargs;
        if (keys) {
            kwargs.keys = [...keys];
        }
        let result;
        try {
            result = await this.orm.silent.call("ops.dashboard", "get_sections", [], kwargs);
        } catch (error) {
            this.state.error = error.data?.message || error.message || _t("The dashboard could not load.");
            this.state.loading = false;
            return;
        }
        this.state.error = false;
        this.refreshSeconds = result.refresh_seconds;
        this.state.companies = result.companies;
        if (keys) {
            const fresh = Object.fromEntries(result.sections.map((section) => [section.key, section]));
            this.state.sections = this.state.sections.map((section) => fresh[section.key] || section);
        } else {
            this.state.sections = result.sections;
            this.lastLoad = Date.now();
        }
        this.state.dateFrom = result.period.date_from;
        this.state.dateTo = result.period.date_to;
        this.state.reloads++;
        this.state.loading = false;
    }

    queueReload(key) {
        if (!key || !this.state.sections.some((section) => section.key === key)) {
            return;
        }
        this.pendingKeys.add(key);
        clearTimeout(this.debounceTimer);
        this.debounceTimer = setTimeout(() => this.flushReload(), BUS_DEBOUNCE_MS);
        clearTimeout(this.trailingTimer);
        this.trailingTimer = setTimeout(() => {
            this.pendingKeys.add(key);
            this.flushReload();
        }, TRAILING_RELOAD_MS);
    }

    flushReload() {
        const keys = new Set(this.pendingKeys);
        this.pendingKeys.clear();
        if (keys.size && !document.hidden) {
            this.load(keys);
        }
    }

    setPeriod(period) {
        this.state.period = period;
        if (period !== "custom") {
            this.load();
        }
    }

    applyCustom() {
        if (this.state.dateFrom && this.state.dateTo) {
            this.load();
        }
    }

    setCompany(ev) {
        this.state.companyId = parseInt(ev.target.value) || false;
        this.load();
    }

    formatValue(item) {
        const value = item.value;
        if (value === null || value === undefined || value === false) {
            return "–";
        }
        switch (item.format) {
            case "percent":
                return `${formatFloat(value, { digits: [3, 0] })}%`;
            case "monetary":
                return formatMonetary(value, { currencyId: item.currency, digits: [16, 0] });
            case "minutes":
                if (value >= 2880) {
                    return _t("%s d", formatInteger(Math.floor(value / 1440)));
                }
                return value >= 120 ? _t("%s h", formatInteger(Math.floor(value / 60))) : _t("%s min", formatInteger(value));
            default:
                return formatInteger(value);
        }
    }

    open(item) {
        const action = item.action;
        if (!action) {
            return;
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            name: action.name,
            res_model: action.res_model,
            domain: action.domain,
            views: action.views || [
                [false, "list"],
                [false, "form"],
            ],
            context: action.context || {},
            target: "current",
        });
    }
}

registry.category("actions").add("ops_dashboard.dashboard", OpsDashboard);
