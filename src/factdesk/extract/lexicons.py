"""Word lists shared by the extractors.

Hand-written because no maintained library carries news-specific name
variants; kept short and explicit so a reviewer can check every entry.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Name variants that share no letters-in-order with each other (initials catch the rest).
# Keyed by a normalised mention; values are the canonical key of the entity.
ALIASES: dict[str, str] = {
    "us": "united states",
    "usa": "united states",
    "u.s.": "united states",
    "u.s.a.": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "un": "united nations",
    "u.n.": "united nations",
    "eu": "european union",
    "e.u.": "european union",
    "idf": "israel defense forces",
    "israeli military": "israel defense forces",
    "israel defence forces": "israel defense forces",
    "nato": "north atlantic treaty organization",
    "who": "world health organization",
    "unicef": "united nations children's fund",
    "uae": "united arab emirates",
    "drc": "democratic republic of the congo",
    "dprk": "north korea",
    "pa": "palestinian authority",
    "rsf": "rapid support forces",
    "saf": "sudanese armed forces",
}

# Words before a surname that do not make it part of another name ("President Trump").
TITLES: frozenset[str] = frozenset(
    """
    mr mrs ms miss dr prof president vice minister premier prime chancellor king queen prince
    princess sheikh emir general gen lt col colonel major maj captain capt sergeant sgt admiral
    adm commander senator sen rep representative governor gov mayor judge justice secretary
    ambassador envoy spokesman spokeswoman spokesperson pope cardinal bishop rabbi imam father
    sister brother former acting deputy lord lady sir dame chief director officer agent
    """.split()
)

# Function words skipped when forming an organisation's initials ("United Nations" -> UN).
INITIALS_SKIP: frozenset[str] = frozenset({"of", "for", "the", "and", "&", "in", "on", "to", "de", "du", "la"})

# spaCy labels that name things factdesk tracks as entities (numbers and dates are other extractors').
ENTITY_LABELS: frozenset[str] = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

# Labels that may stand for the same thing across spaCy's confusions.
LABEL_FAMILY: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "PRODUCT": "thing",
    "WORK_OF_ART": "thing",
    "LAW": "thing",
    "LANGUAGE": "thing",
}


@lru_cache(maxsize=1)
def name_detector() -> Any:
    """gender-guesser's detector over its name dictionary (loaded once: it reads ~40,000 names)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Lower-cased given names (about 40,000, from gender-guesser's name dictionary)."""
    names: dict[str, object] = getattr(name_detector(), "names", {})
    return frozenset(name.lower() for name in names)


# --- Claims: the words that make a number a toll -------------------------------------------
# Lemmas of verbs, adjectives and nouns that say what a number counts, by claim category.
# A number is a claim only when one of these governs it (or it counts one of TOLL_NOUNS).
TOLL_PREDICATES: dict[str, str] = {
    **dict.fromkeys(
        "kill die dead death slay massacre execute murder perish assassinate slaughter fatality behead "
        "shoot_dead killing deceased martyr suffocate asphyxiate".split(),
        "killed",
    ),
    **dict.fromkeys("injure wound hurt maim injury injured wounded hospitalize hospitalise".split(), "injured"),
    **dict.fromkeys("missing disappear unaccounted".split(), "missing"),
    **dict.fromkeys("hostage captive captivity abduct kidnap enslave".split(), "hostages"),
    **dict.fromkeys(
        "detain arrest imprison jail detention custody capture incarcerate round prison surrender swap".split(),
        "detained",
    ),
    **dict.fromkeys(
        "displace flee evacuate uproot homeless displaced evacuation relocate deport deportation expel expulsion "
        "displacement exodus resettle repatriate".split(),
        "displaced",
    ),
}

# Nouns that are themselves what a toll counts ("three rockets", "the bodies of five hostages").
TOLL_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        "rocket missile drone projectile shell mortar bomb interceptor uav munition grenade".split(),
        "projectiles",
    ),
    **dict.fromkeys(
        "airstrike strike attack raid bombing bombardment sortie shelling assault blast explosion".split(), "strikes"
    ),
    **dict.fromkeys("hostage captive abductee".split(), "hostages"),
    **dict.fromkeys("detainee prisoner inmate arrest".split(), "detained"),
    **dict.fromkeys("refugee evacuee idp displaced exile".split(), "displaced"),
    **dict.fromkeys(
        "body corpse corpses death fatality killing dead beheading execution murder massacre slaying martyr".split(),
        "killed",
    ),
    # Casualties are the dead and the wounded together ("suffered 3,000 casualties").
    "casualty": "other_toll",
    **dict.fromkeys("injury wounded injured".split(), "injured"),
    **dict.fromkeys("truck truckload tonne ton meal parcel ration dose aid".split(), "aid"),
}

# Capitals that stand for their state when they speak ("Baghdad said its forces …"). Contested
# capitals are left out: factdesk names a source as the text does where naming would take a side.
CAPITAL_STATES: dict[str, str] = {
    "baghdad": "Iraq", "tehran": "Iran", "washington": "United States", "moscow": "Russia", "kyiv": "Ukraine",
    "kiev": "Ukraine", "beijing": "China", "damascus": "Syria", "beirut": "Lebanon", "ankara": "Turkey",
    "cairo": "Egypt", "riyadh": "Saudi Arabia", "amman": "Jordan", "doha": "Qatar", "khartoum": "Sudan",
    "kabul": "Afghanistan", "islamabad": "Pakistan", "new delhi": "India", "london": "United Kingdom",
    "paris": "France", "berlin": "Germany", "tokyo": "Japan", "pyongyang": "North Korea", "seoul": "South Korea",
    "n'djamena": "Chad", "addis ababa": "Ethiopia", "abu dhabi": "United Arab Emirates", "muscat": "Oman",
    "minsk": "Belarus", "warsaw": "Poland", "brussels": "Belgium", "rome": "Italy", "madrid": "Spain",
    "ottawa": "Canada", "canberra": "Australia", "manila": "Philippines", "bogota": "Colombia", "quito": "Ecuador",
    "pretoria": "South Africa", "nairobi": "Kenya", "abuja": "Nigeria", "bamako": "Mali", "caracas": "Venezuela",
}  # fmt: skip

# Words naming armed groups that are not a state's forces: whom they capture are hostages.
ARMED_GROUP_WORDS: frozenset[str] = frozenset(
    """
    isis isil daesh is hamas hezbollah houthis houthi al-qaida al-qaeda qaeda al-shabaab shabaab boko haram
    jihadists jihadist militants militant kidnappers gunmen insurgents
    """.split()
)

# Nouns for people (or the groups a toll counts), besides nationalities spaCy tags NORP.
PEOPLE_NOUNS: frozenset[str] = frozenset(
    """
    people person civilian child kid baby infant toddler boy girl man woman men women adult teenager teen
    youth minor student pupil soldier troop fighter militant gunman insurgent member resident villager
    citizen national worker staff staffer employee journalist reporter medic doctor nurse paramedic
    patient officer policeman police official personnel guard commander leader passenger family
    relative mother father son daughter brother sister wife husband colleague volunteer rescuer responder
    protester demonstrator pilgrim worshipper tourist migrant victim individual others militiaman suspect
    extremist jihadist combatant rebel peacekeeper sailor marine airman serviceman servicemen guardsman trooper
    foreigner
    """.split()
)

# What a number next to it measures when it is not a count of people or things.
NOT_TOLL_UNITS: frozenset[str] = frozenset(
    """
    % percent per cent percentage km kilometre kilometer kilometres kilometers mile miles metre meter
    metres meters foot feet yard inch kg kilogram pound lb hour hours minute minutes second seconds
    day days week weeks month months year years decade decades century centuries a.m. p.m. am pm gmt
    o'clock time times point points vote votes seat seats degree degrees acre acres hectare hectares
    square sq page pages mph knot knots pct
    """.split()
)

# Words before a number that make it a label, not a count ("Resolution 2334", "Unit 8200").
LABEL_WORDS: frozenset[str] = frozenset(
    "no. number resolution unit brigade division route highway flight article section chapter page "
    "room gate building block platform channel phase stage level category grade class season episode "
    "cop g7 g20 covid-19 f-16 f-35 su-25 s-300 s-400 mig-29".split()
)

FULL_MONTHS: frozenset[str] = frozenset(
    "january february march april may june july august september october november december".split()
)
MONTHS: frozenset[str] = FULL_MONTHS | frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())


# --- Roles: the words of a stated office ("former US President", "Israel's defence minister") ---
# Head nouns of an office or function; a role phrase needs one of them.
ROLE_HEADS: frozenset[str] = frozenset(
    """
    president premier minister secretary ambassador envoy chancellor spokesperson spokesman spokeswoman
    chairman chairwoman chair governor senator speaker leader chief commander director king queen emir
    prince representative secretary-general mayor adviser advisor coordinator commissioner head official
    negotiator diplomat lawmaker legislator congressman congresswoman ruler sultan monarch justice judge
    treasurer general gov sen rep amb
    """.split()
)

# Lower-case words that may stand before a title inside it ("defence minister", "national security adviser").
OFFICE_WORDS: frozenset[str] = frozenset(
    """
    defence defense foreign prime finance interior treasury agriculture trade energy justice health state
    security national economy economic education transport environment home war intelligence army military
    special top senior cabinet government presidential parliamentary supreme joint general attorney
    humanitarian peace middle east affairs public commerce labor labour housing culture
    """.split()
)
