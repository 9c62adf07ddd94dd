"""The demo network: a fictional federation of national networks.

Used by ``manage.py seed_demo``. Every later app adds its part through its own
``demo.py``; this module only creates who is who.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from members.models import BoardMembership, Network, Organisation, User, WorkingGroup
from members.services import network_update

DEMO_PASSWORD = "plenum-demo"

# (username suffix, name, country, weight, active)
ORGANISATIONS = [
    ("at", "Arbeit plus Österreich", "AT", 2, True),
    ("at2", "Netzwerk Soziale Betriebe Steiermark", "AT", 1, True),
    ("be", "Réseau wallon des entreprises d'insertion", "BE", 2, True),
    ("be2", "Vlaams Netwerk Sociale Economie", "BE", 2, True),
    ("bg", "Bulgarian Association of Social Enterprises", "BG", 1, True),
    ("cz", "Česká síť sociálních podniků", "CZ", 1, True),
    ("de", "Bundesarbeitsgemeinschaft Integrationsfirmen", "DE", 3, True),
    ("de2", "Netzwerk Arbeit und Teilhabe", "DE", 2, True),
    ("dk", "Dansk Netværk for Socialøkonomi", "DK", 1, True),
    ("ee", "Eesti Sotsiaalsete Ettevõtete Võrgustik", "EE", 1, True),
    ("es", "Federación de Empresas de Inserción", "ES", 3, True),
    ("es2", "Xarxa d'Empreses d'Inserció de Catalunya", "ES", 2, True),
    ("fi", "Suomen Työllistävät Yritykset", "FI", 1, True),
    ("fr", "Fédération des entreprises d'insertion", "FR", 3, True),
    ("fr2", "Réseau Chantier École", "FR", 2, True),
    ("fr3", "Union des régies de quartier", "FR", 1, True),
    ("gr", "Hellenic Network for Work Integration", "GR", 1, True),
    ("hr", "Hrvatska mreža socijalnih poduzeća", "HR", 1, True),
    ("hu", "Magyar Szociális Vállalkozások Hálózata", "HU", 1, True),
    ("ie", "Irish Social Enterprise Network", "IE", 2, True),
    ("it", "Consorzio Nazionale Cooperative Sociali", "IT", 3, True),
    ("it2", "Rete Italiana Inserimento Lavorativo", "IT", 2, True),
    ("lt", "Lietuvos socialinių įmonių tinklas", "LT", 1, True),
    ("lu", "Réseau luxembourgeois de l'économie solidaire", "LU", 1, True),
    ("nl", "Netwerk Sociaal Ondernemen Nederland", "NL", 2, True),
    ("pl", "Ogólnopolski Związek Przedsiębiorstw Społecznych", "PL", 2, True),
    ("pt", "Rede Portuguesa de Empresas de Inserção", "PT", 2, True),
    ("ro", "Rețeaua Întreprinderilor Sociale de Inserție", "RO", 1, True),
    ("si", "Slovenska mreža socialnih podjetij", "SI", 1, True),
    ("se", "Sveriges Arbetsintegrerande Sociala Företag", "SE", 2, False),
]

# The representative of every other network: rep-<suffix>.
REPRESENTATIVES = {
    "at2": ("Lukas", "Gruber"), "bg": ("Elena", "Petrova"), "cz": ("Tereza", "Dvořáková"),
    "de2": ("Felix", "Schneider"), "dk": ("Mette", "Nielsen"), "ee": ("Kadri", "Tamm"),
    "es2": ("Jordi", "Puig"), "fi": ("Aino", "Virtanen"), "fr2": ("Julien", "Moreau"),
    "fr3": ("Nadia", "Benali"), "gr": ("Nikos", "Papadopoulos"), "hu": ("Zsófia", "Nagy"),
    "it2": ("Giulia", "Esposito"), "lt": ("Rūta", "Kazlauskienė"), "lu": ("Claude", "Weber"),
    "nl": ("Sanne", "de Vries"), "pl": ("Agnieszka", "Wiśniewska"), "ro": ("Andrei", "Popescu"),
    "si": ("Matej", "Kovač"), "se": ("Erik", "Johansson"),
}  # fmt: skip

# (username, first, last, representative of (suffix) or None)
PEOPLE = {
    "secretariat": ("Sofie", "Claes", None),
    "chair-procurement": ("Hélène", "Marchal", "fr"),
    "chair-labour": ("Jonas", "Weber", "de"),
    "chair-funding": ("Lucía", "Ortega", "es"),
    "wg-procurement-1": ("Pieter", "Janssens", "be2"),
    "wg-procurement-2": ("Chiara", "Romano", None),
    "wg-labour-1": ("Aoife", "Byrne", "ie"),
    "wg-labour-2": ("Tomasz", "Nowak", None),
    "wg-funding-1": ("Eva", "Horvat", "hr"),
    "wg-funding-2": ("Mikael", "Lindqvist", None),
    "board-1": ("Marco", "Bianchi", "it"),
    "board-2": ("Anne", "Dupont", "be"),
    "board-3": ("Katharina", "Huber", "at"),
    "board-4": ("João", "Ferreira", "pt"),
    "board-5": ("Maja", "Kowalczyk", None),
}

#: The groups' names in the demo's other paper languages (French, German); the
#: other languages fall back to English (django-modeltranslation).
WORKING_GROUP_NAMES = {
    "Social procurement": ("Marchés publics sociaux", "Sozial verantwortliche Beschaffung"),
    "Inclusive labour markets": ("Marchés du travail inclusifs", "Inklusive Arbeitsmärkte"),
    "EU funding": ("Financements européens", "EU-Förderung"),
}

WORKING_GROUPS = [
    (
        "Social procurement",
        "Public procurement that buys social value: reserved contracts, social clauses.",
        "chair-procurement",
        ["wg-procurement-1", "wg-procurement-2", "board-2"],
    ),
    (
        "Inclusive labour markets",
        "Pathways into work for people furthest from the labour market.",
        "chair-labour",
        ["wg-labour-1", "wg-labour-2"],
    ),
    (
        "EU funding",
        "ESF+, ERDF and InvestEU for work-integration social enterprises.",
        "chair-funding",
        ["wg-funding-1", "wg-funding-2", "board-1"],
    ),
]


#: The network's own profile (SPEC §12), printed on every paper's cover.
NETWORK = {
    "names": {
        "en": "European Network of Social Integration Enterprises",
        "fr": "Réseau européen des entreprises sociales d'insertion",
    },
    "address": "Avenue des Arts 7\n1210 Brussels\nBelgium",
    "email": "secretariat@demo.plenum.example",
    "website": "https://network.demo.plenum.example/",
    "transparency_register_id": "583902417765-21",
}
NETWORK_LOGO = Path(__file__).parent / "demo_files" / "network-logo.svg"


def _network(secretariat: User) -> Network:
    """Fill the network's profile once; a profile the secretariat has filled stays."""
    network = Network.objects.get_solo()
    if network.address or network.logo:
        return network
    return network_update(
        actor=secretariat,
        logo=ContentFile(NETWORK_LOGO.read_bytes(), name="network-logo.svg"),
        **NETWORK,
    )


def _user(username: str, first: str, last: str, organisation=None, **flags) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.plenum.example",
            "organisation": organisation,
            **flags,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed(context: dict) -> dict:
    orgs = {}
    for suffix, name, country, weight, active in ORGANISATIONS:
        orgs[suffix], _ = Organisation.objects.get_or_create(
            name=name, defaults={"country": country, "weight": weight, "active": active}
        )
    people = {}
    for username, (first, last, org) in PEOPLE.items():
        flags = {"is_staff": True, "is_superuser": True} if username == "secretariat" else {}
        people[username] = _user(username, first, last, orgs.get(org), **flags)
    # One representative for every organisation that has none among the people above.
    represented = {org for (_f, _l, org) in PEOPLE.values() if org}
    for suffix, *_rest in ORGANISATIONS:
        if suffix not in represented:
            first, last = REPRESENTATIVES[suffix]
            _user(f"rep-{suffix}", first, last, orgs[suffix])
    # A second representative for the largest network, to show shared ballots.
    _user("rep-fr-2", "Camille", "Lefèvre", orgs["fr"])
    for name, description, chair, members in WORKING_GROUPS:
        group, _ = WorkingGroup.objects.get_or_create(
            name=name, defaults={"description": description, "chair": people[chair]}
        )
        group.name_fr, group.name_de = WORKING_GROUP_NAMES[name]
        group.save(update_fields=["name_fr", "name_de"])
        group.members.add(*(people[m] for m in members))
    for n in range(1, 6):
        BoardMembership.objects.get_or_create(user=people[f"board-{n}"])
    _network(people["secretariat"])
    return {"organisations": orgs, "people": people}
