from childtrust.resources.views import allocation, appraisal, budget, costings

app_name = "resources"

# The index (/resources/) belongs to the budget pages: a year's budget is where finance starts.
urlpatterns = [
    *budget.urlpatterns,
    *costings.urlpatterns,
    *allocation.urlpatterns,
    *appraisal.urlpatterns,
]
