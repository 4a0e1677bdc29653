"""Every read of staff voice that views, the API and other apps need, one module per subject:
cascade (audiences, each person's messages and briefings) and reach; survey results, survey
trends and surveys (the lists); feedback; and the leaders' page, drawn from the others."""
