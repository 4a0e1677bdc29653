"""Facts about the city the demo partnership is modelled on, which more than one test checks."""

SOUTHAMPTON_WARDS = {
    "Banister & Polygon", "Bargate", "Bassett", "Bevois", "Bitterne Park", "Coxford",
    "Freemantle", "Harefield", "Millbrook", "Peartree", "Portswood", "Redbridge", "Shirley",
    "Sholing", "Swaythling", "Thornhill", "Woolston",
}  # fmt: skip
