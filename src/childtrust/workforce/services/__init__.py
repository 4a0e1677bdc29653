"""Every write to the workforce, one module per subject: each takes the acting user, checks it
through workforce.access, and audits what it writes."""
