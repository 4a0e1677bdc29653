"""The board pack: the papers sent to the partnership board before a meeting, gathered from live
data (sections.py: each section a function returning plain data), rendered by one template as
the printable page and as a tagged PDF (rendering.py, WeasyPrint; docs/decisions/0014), and
kept under var/board_packs by a random name (storage.py). The pack is generated in the
background with its progress (services/board_pack.py and tasks.py) or on the command line
(`childtrust board_pack`)."""
