"""The children app: one view of each child across agencies. Each agency's own record of a child
(AgencyRecord) is linked to one child in the child index (Child) by record linkage; who is
involved with the child, the information-sharing decisions, shielding and break glass, and
retention live here too. Every read of a child's details goes through
`children.access.child_for_user`, which checks the reader and audits the view."""
