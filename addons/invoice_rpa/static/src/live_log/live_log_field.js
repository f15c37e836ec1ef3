import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { X2ManyField, x2ManyField } from "@web/views/fields/x2many/x2many_field";

export const LOG_NOTIFICATION = "invoice_rpa.execution_log";

/**
 * Subscribes ``callback`` to the execution log notifications for the component's life.
 */
function useExecutionLog(callback) {
    const bus = useService("bus_service");
    onMounted(() => {
        bus.subscribe(LOG_NOTIFICATION, callback);
        if (!bus.isActive) {
            bus.start();
        }
    });
    onWillUnmount(() => bus.unsubscribe(LOG_NOTIFICATION, callback));
}

/**
 * The log of a robot execution; lines pushed by the server (bus) are appended while
 * the form is open, and the record is re-read when the execution's status changes.
 */
export class RpaLiveLogField extends Component {
    static template = "invoice_rpa.RpaLiveLogField";
    static props = { ...standardFieldProps };

    setup() {
        this.state = useState({ extra: [] });
        this.logRef = useRef("log");
        useExecutionLog((payload) => this.onLogNotification(payload));
    }

    get text() {
        return [this.props.record.data[this.props.name] || "", ...this.state.extra]
            .filter((part) => part)
            .join("\n");
    }

    async onLogNotification({ execution_id, status, lines }) {
        const record = this.props.record;
        if (execution_id !== record.resId) {
            return;
        }
        if (status !== record.data.status) {
            await record.load();
            this.state.extra = [];
        } else if (lines) {
            this.state.extra.push(lines);
        }
        const el = this.logRef.el;
        if (el) {
            el.scrollTop = el.scrollHeight;
        }
    }
}

registry.category("fields").add("rpa_live_log", {
    component: RpaLiveLogField,
    displayName: "Live robot log",
    supportedTypes: ["text"],
});

/**
 * The executions of a process: re-read when one of them reports new lines or a new
 * status, so the list shows the live state without reloading the page.
 */
export class RpaLiveExecutionsField extends X2ManyField {
    setup() {
        super.setup();
        useExecutionLog((payload) => this.onLogNotification(payload));
    }

    async onLogNotification({ process_id }) {
        const record = this.props.record;
        if (process_id === record.resId && !record.dirty) {
            await record.load();
        }
    }
}

registry.category("fields").add("rpa_live_executions", {
    ...x2ManyField,
    component: RpaLiveExecutionsField,
});
