"""The staff voice forms, one module per subject: cascade, surveys and feedback."""
