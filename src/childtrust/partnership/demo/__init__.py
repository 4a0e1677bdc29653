"""The demo partnership: invented data for a city like Southampton.

Everything here is made up except the names of the city's wards. Organisations are invented
stand-ins for the kinds of agency a children's trust brings together; every person's name is
drawn from a fixed list of common names, and every address is at example.org.

The data lives in plain tables, one module per subject: `specs` (the shape of each record),
`city` (localities and wards, and the multi-agency teams), `agencies` (the partners, their
divisions and teams), `directory` (the services directory) and `framework` (the shared vision
and the outcomes framework). `people.build_demo_data()` turns the tables into plain records,
inventing the staff with a seeded random number generator, so the demo is the same every time
and can be checked without a database. `loader.demo_load()` writes those records in one
transaction, in bulk, and records one audit event per kind of record. It is reached only
through `childtrust load_demo`, which runs in demo mode only.

The agencies' missions and visions diverge on purpose: that is the problem the partnership
exists to solve. So does the outcomes framework: one priority has no agency committed to it (a
gap) and several have three or more (overlaps).
"""
