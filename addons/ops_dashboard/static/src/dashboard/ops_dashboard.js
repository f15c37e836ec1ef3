import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The Operations dashboard: one card per section returned by ops.dashboard.get_sections
 * (each installed addon of the suite adds its own), or an empty state.
 */
export class OpsDashboard extends Component {
    static template = "ops_dashboard.Dashboard";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ sections: [], loading: true });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.sections = await this.orm.call("ops.dashboard", "get_sections", []);
        this.state.loading = false;
    }

    openKpi(kpi) {
        if (kpi.action) {
            this.action.doAction(kpi.action);
        }
    }
}

registry.category("actions").add("ops_dashboard.dashboard", OpsDashboard);
