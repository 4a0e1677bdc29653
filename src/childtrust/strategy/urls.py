from childtrust.core.prefix_pages import index_redirect
from childtrust.strategy.views import board, board_pack, change, decisions, measures, plan, risks

app_name = "strategy"

# Each subject's pages list their own addresses, all under /plan/.
urlpatterns = [
    *plan.urls,
    *measures.urls,
    *change.urls,
    *risks.urls,
    *decisions.urls,
    *board.urls,
    *board_pack.urls,
    # The starts of addresses that have no page of their own lead to the page that lists them.
    index_redirect("objectives/", "strategy:plan"),
    index_redirect("versions/", "strategy:plan"),
    index_redirect("milestones/", "strategy:plan"),
    index_redirect("change/stages/", "strategy:change_programme"),
    index_redirect("board/meetings/", "strategy:board"),
    index_redirect("board/agenda/", "strategy:board"),
    index_redirect("board/packs/", "strategy:board"),
]
