import { registry } from "@web/core/registry";

// Opened on a lead form (see tests/test_composer_tour.py): send a WhatsApp message with a
// template through the composer and see its trace in the chatter.
registry.category("web_tour.tours").add("crm_messaging_composer_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Send SMS / WhatsApp')",
            content: "Open the composer from the lead",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=channel_id] input",
            content: "Choose the WhatsApp channel",
            run: "edit Tour WhatsApp",
        },
        {
            trigger: ".dropdown-item:contains('Tour WhatsApp')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=template_id] input",
            content: "Pick a template",
            run: "edit Tour template",
        },
        {
            trigger: ".dropdown-item:contains('Tour template')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=body] textarea:value(Olá Ana Souza, tudo certo?)",
            content: "The template was rendered with the customer's name",
        },
        {
            trigger: ".modal button[name=action_send]",
            content: "Send",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Message queued')",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o-mail-Message:contains('Olá Ana Souza, tudo certo?'):contains('Queued')",
            content: "The message is in the chatter, queued",
        },
    ],
});
