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
]
