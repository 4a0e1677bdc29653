from childtrust.strategy.views import board, change, measures, plan

app_name = "strategy"

# Each subject's pages list their own addresses, all under /plan/.
urlpatterns = [*plan.urls, *measures.urls, *change.urls, *board.urls]
