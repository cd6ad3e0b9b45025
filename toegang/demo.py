"""Shared constants of the demo municipality (used by seed_demo, the Makefile and the README)."""

from accounts.factories import DEMO_PASSWORD

MUNICIPALITY = "Gemeente Meerhoven"

# (code, name, places, team, PC4 areas)
ZONES = [
    ("centrum", "Meerhoven-Centrum", "Meerhoven centrum", "Team Stad", ["8441", "8442"]),
    ("noord", "Meerhoven-Noord", "Meerhoven noord, De Greiden", "Team Stad", ["8443", "8444"]),
    ("zuid", "Meerhoven-Zuid", "Meerhoven zuid, Skoatterwâld", "Team Stad", ["8445", "8446", "8447"]),
    ("dorpen-noord", "Dorpen Noord", "Haskeberg, Jouwerd, Nijehuizen", "Team Dorpen", ["8451", "8452"]),
    ("dorpen-oost", "Dorpen Oost", "Mildehuizen, Tjalleberd, De Knipe", "Team Dorpen", ["8453", "8454", "8455"]),
    ("dorpen-zuid", "Dorpen Zuid", "Oudeschoot, Katlijk, Bontebrug", "Team Dorpen", ["8456", "8457", "8458"]),
]

# (username, first name, last name, zone codes)
WORKERS = [
    ("anna", "Anna", "de Boer", ["centrum"]),
    ("bauke", "Bauke", "Hoekstra", ["centrum", "noord"]),
    ("cor", "Cor", "Visser", ["centrum"]),
    ("dieuwke", "Dieuwke", "Postma", ["noord"]),
    ("eelco", "Eelco", "Kuipers", ["zuid"]),
    ("fenna", "Fenna", "Dijkstra", ["zuid"]),
    ("gerrit", "Gerrit", "Bosma", ["dorpen-noord"]),
    ("hiske", "Hiske", "van der Meer", ["dorpen-oost"]),
    ("iede", "Iede", "Jansma", ["dorpen-oost", "dorpen-zuid"]),
    ("jikke", "Jikke", "Wiersma", ["dorpen-zuid"]),
]

TEAM_LEADERS = [("teamleider-stad", "Marieke", "Veenstra", "Team Stad"),
                ("teamleider-dorpen", "Sjoerd", "Hofstra", "Team Dorpen")]

PARTNERS = [
    ("Centrum voor Jeugd en Gezin Meerhoven", "youth_and_family"),
    ("Welzijn Meerhoven", "welfare"),
    ("Schuldhulpmaatje Meerhoven", "debt_counselling"),
    ("Werkbedrijf De Skoalle", "work_and_income"),
    ("Zorggroep De Feart", "care_provider"),
    ("Vrijwilligerscentrale Meerhoven", "volunteers"),
    ("MEE cliëntondersteuning", "client_support"),
    ("Woningstichting Meerhoven", "housing"),
]

__all__ = ["DEMO_PASSWORD", "MUNICIPALITY", "PARTNERS", "TEAM_LEADERS", "WORKERS", "ZONES"]
