import { registry } from "@web/core/registry";

// A manager opens "To Approve", approves the invoice, and sees the SAT and download buttons.
registry.category("web_tour.tours").add("invoice_rpa_approve_tour", {
    url: "/odoo/action-invoice_rpa.action_rpa_process_to_approve",
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row td:contains('Tour Approval Client')",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='waiting_approval']",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='waiting_sat_upload']",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_send_sat']",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_download_invoice']",
        },
    ],
});

// An RPA user opens the kanban of processes, opens one waiting for download and the
// upload wizard, then cancels it.
registry.category("web_tour.tours").add("invoice_rpa_upload_wizard_tour", {
    url: "/odoo/action-invoice_rpa.action_rpa_process",
    steps: () => [
        {
            trigger: ".o_control_panel .o_switch_view.o_kanban",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains('Tour Upload Client')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_upload_invoice']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='file']",
        },
        {
            trigger: ".modal .modal-footer button[name='action_confirm']",
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='waiting_download']",
        },
    ],
});
