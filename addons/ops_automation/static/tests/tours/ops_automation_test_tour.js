import { registry } from "@web/core/registry";

// Opened on the Automations list (see tests/test_tour.py): open a rule, read its form as
// WHEN / IF / THEN, press Test and read the dry run in its dialog, then its execution log.
registry.category("web_tour.tours").add("ops_automation_test_tour", {
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row td:contains('Tour follow-up')",
            content: "Open the rule",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_horizontal_separator:contains('WHEN')",
            content: "The form reads WHEN...",
        },
        {
            trigger: ".o_form_view .o_horizontal_separator:contains('THEN')",
            content: "...and THEN",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_ops_test]",
            content: "Test the rule",
            run: "click",
        },
        {
            trigger: ".modal .alert-info:contains('Nothing was written')",
            content: "The dry run says nothing was done",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row td:contains('Tour lead')",
            content: "The lead due for a follow-up is listed",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row td:contains('Olá Ana Souza')",
            content: "with the message it would send",
        },
        {
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_form_view button[name=action_ops_view_executions]:contains('Runs (24 h)')",
            content: "Open the execution log of the rule",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Execution Log')",
        },
        {
            trigger: ".o_switch_view.o_pivot",
            content: "The log has a pivot view",
            run: "click",
        },
        {
            trigger: ".o_pivot",
        },
    ],
});
