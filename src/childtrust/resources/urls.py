from childtrust.core.prefix_pages import index_redirect
from childtrust.resources.views import allocation, appraisal, budget, costings

app_name = "resources"

# The index (/resources/) belongs to the budget pages: a year's budget is where finance starts.
urlpatterns = [
    *budget.urlpatterns,
    *costings.urlpatterns,
    *allocation.urlpatterns,
    *appraisal.urlpatterns,
    # The starts of addresses that have no page of their own lead to the page that lists them.
    index_redirect("budget/", "resources:index"),
    index_redirect("alternatives/", "resources:allocation_index"),
]
