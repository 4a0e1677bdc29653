"""Dates shown without a format, as every page writes them (issue 14): "2 December 2026".
Moments are shown with the `date_time` filter ("2 December 2026 at 3:04pm"), which Django's
format strings cannot write (their "pm" has full stops)."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \a\t G:i"
SHORT_DATETIME_FORMAT = r"j F Y \a\t G:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
