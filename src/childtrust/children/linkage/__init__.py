"""Record linkage: each agency record to one child of the child index (Splink)."""
