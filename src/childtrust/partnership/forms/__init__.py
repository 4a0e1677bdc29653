"""The partnership's forms, one module per subject: registry, staff and framework, with the
question builders they share in `fields`. Forms turn input into typed values with plain messages;
the services hold the rules, and their messages reach the form through `core.forms.form_write`."""
