"""The demo partnership (src/childtrust/demo and each app's demo module).

This folder holds the tests that load the demo into an empty database (refusals, --if-empty,
the same people from two loads) or need no database at all; `loaded/` holds the tests that
read the demo partnership as loaded, which is loaded once for all of them.
"""
