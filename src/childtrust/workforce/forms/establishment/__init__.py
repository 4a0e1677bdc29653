"""Forms for the establishment, one module per subject: posts, holdings and cover, people."""
