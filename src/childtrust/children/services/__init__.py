"""Every write to children's data, one module per part: each service is keyword-only, takes the
acting user, checks them through children.access and audits in the same transaction."""
