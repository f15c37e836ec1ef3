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

// A minimal one-page PDF, with a correct cross-reference table (checked server side).
function tinyPdf() {
    const objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let pdf = "%PDF-1.4\n";
    const offsets = objects.map((body, index) => {
        const offset = pdf.length;
        pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
        return offset;
    });
    const xref = pdf.length;
    pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    pdf += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
    pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return new File([pdf], "fatura-tour.pdf", { type: "application/pdf" });
}

// An RPA user uploads an invoice through the wizard, as in real life.
registry.category("web_tour.tours").add("invoice_rpa_upload_tour", {
    url: "/odoo/action-invoice_rpa.action_rpa_process",
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row td:contains('Tour Real Upload Client')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_upload_invoice']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='file'] input[type='file']:not(:visible)",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(tinyPdf());
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".modal .o_field_widget[name='file'] .o_clear_file_button",
        },
        {
            trigger: ".modal .modal-footer button[name='action_confirm']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='waiting_approval']",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='original_filename']:contains('fatura-tour.pdf')",
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

// An administrator opens the Invoice RPA settings (already filled in by the test) and
// tests the S3 connection.
registry.category("web_tour.tours").add("invoice_rpa_settings_tour", {
    url: "/odoo/action-invoice_rpa.action_invoice_rpa_settings",
    steps: () => [
        {
            trigger: ".app_settings_block[data-key='invoice_rpa'] input[id^='invoice_rpa_s3_bucket']",
        },
        {
            trigger: ".app_settings_block[data-key='invoice_rpa'] input[id^='invoice_rpa_s3_secret_key'][type='password']",
        },
        {
            trigger: ".app_settings_block[data-key='invoice_rpa'] button[name='action_invoice_rpa_test_s3']",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('S3 connection works')",
        },
    ],
});
