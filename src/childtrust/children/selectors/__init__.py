"""Reads of children's data that other code needs, one module per part. Another app reads
children's data only through these (never a child's details: those are child_for_user's)."""
