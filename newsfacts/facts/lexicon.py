"""Word lists the extractor reads: numerals, qualifiers, units, currencies and
the governing words that decide what happened to what is counted.

Everything here is lower-case; lookups use ``token.lower_`` and
``token.lemma_.lower()`` so that headlines and odd lemmas still match.
"""

from __future__ import annotations

#: Spelled-out numbers below a hundred.
SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

#: Scale words (and their newswire abbreviations) that multiply what precedes them.
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "mn": 1e6, "mio": 1e6, "bln": 1e9, "bn": 1e9, "billon": 1e9,
    "trn": 1e12, "tn": 1e12, "k": 1e3,
}
#: Abbreviations that are a scale only after a currency ("$3.5m"), else a unit (metres).
MONEY_SCALES: dict[str, float] = {"m": 1e6, "m.": 1e6, "b": 1e9, "b.": 1e9}

#: Vague amounts, read conservatively as ACLED does (the smallest plausible number).
VAGUE_AMOUNTS: dict[str, float] = {
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000,
    "millions": 1e6, "billions": 1e9,
}

#: Fractions spelled out ("two-thirds", "a quarter of"): the word to its denominator.
FRACTION_WORDS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}
#: Words that make a scale word vague ("several hundred", "a few thousand"): read as the scale.
VAGUE_SCALE_WORDS = {"several", "few"}

#: Words before a number and the qualifier they give it (longest phrases are tried first).
QUALIFIER_PHRASES: dict[tuple[str, ...], str] = {
    ("more", "than"): "more_than", ("over",): "more_than", ("above",): "more_than",
    ("in", "excess", "of"): "more_than", ("upwards", "of"): "more_than",
    ("upward", "of"): "more_than", ("greater", "than"): "more_than",
    ("just", "over"): "more_than", ("well", "over"): "more_than", ("over", "than"): "more_than",
    ("exceeding",): "more_than", ("higher", "than"): "more_than",
    ("at", "least"): "at_least", ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least", ("a", "minimum", "of"): "at_least",
    ("not", "less", "than"): "at_least", ("not", "fewer", "than"): "at_least",
    ("about",): "about", ("around",): "about", ("some",): "about", ("roughly",): "about",
    ("approximately",): "about", ("approx",): "about", ("approx.",): "about",
    ("an", "estimated"): "about", ("estimated",): "about", ("circa",): "about",
    ("c.",): "about", ("ca.",): "about", ("nearly",): "nearly", ("almost",): "nearly",
    ("close", "to"): "nearly", ("just", "under"): "nearly", ("just", "shy", "of"): "nearly",
    ("nigh", "on"): "nearly", ("up", "to"): "up_to", ("as", "many", "as"): "up_to",
    ("as", "much", "as"): "up_to", ("at", "most"): "up_to", ("no", "more", "than"): "up_to",
    ("not", "more", "than"): "up_to", ("a", "maximum", "of"): "up_to",
    ("less", "than"): "less_than", ("fewer", "than"): "less_than", ("under",): "less_than",
    ("below",): "less_than", ("lower", "than"): "less_than",
}
#: Words after a number that qualify it ("100 or more", "50 or so", "300-plus").
POSTFIX_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least", ("or", "so"): "about", ("plus",): "more_than",
    ("+",): "more_than", ("or", "fewer"): "up_to", ("or", "less"): "up_to",
}

#: Currency written before the number, to a currency code.
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "usd": "USD", "a$": "AUD", "au$": "AUD", "aud": "AUD",
    "c$": "CAD", "cad": "CAD", "hk$": "HKD", "hkd": "HKD", "s$": "SGD", "nz$": "NZD",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY",
    "rs": "INR", "rs.": "INR", "inr": "INR", "rm": "MYR", "myr": "MYR", "cny": "CNY",
    "rmb": "CNY", "chf": "CHF", "sfr": "CHF", "nis": "ILS", "₪": "ILS", "₹": "INR",
    "r$": "BRL", "₩": "KRW", "krw": "KRW", "₽": "RUB", "rub": "RUB", "₺": "TRY",
    "$us": "USD", "$a": "AUD", "us": "USD", "sfr.": "CHF", "eur.": "EUR",
    "ps": "GBP",  # "£" as some newswire feeds render it: "PS2.7m"
}
#: Currency written after the number ("40 dollars", "1.2 bln dlrs"); phrases too.
CURRENCY_WORDS: dict[tuple[str, ...], str] = {
    ("dollars",): "USD", ("dollar",): "USD", ("dlrs",): "USD", ("dlr",): "USD",
    ("us", "dollars"): "USD", ("u.s.", "dollars"): "USD", ("american", "dollars"): "USD",
    ("australian", "dollars"): "AUD", ("canadian", "dollars"): "CAD",
    ("hong", "kong", "dollars"): "HKD", ("singapore", "dollars"): "SGD",
    ("new", "zealand", "dollars"): "NZD", ("euros",): "EUR", ("euro",): "EUR",
    ("pounds", "sterling"): "GBP", ("sterling",): "GBP", ("yen",): "JPY",
    ("yuan",): "CNY", ("renminbi",): "CNY", ("rupees",): "INR", ("rupee",): "INR",
    ("ringgit",): "MYR", ("sen",): "sen", ("cents",): "cent", ("cent",): "cent",
    ("pence",): "pence", ("shekels",): "ILS", ("shekel",): "ILS", ("roubles",): "RUB",
    ("rubles",): "RUB", ("lira",): "TRY", ("liras",): "TRY", ("riyals",): "SAR",
    ("francs",): "CHF", ("swiss", "francs"): "CHF", ("pesos",): "peso", ("naira",): "NGN",
    ("rand",): "ZAR", ("dinars",): "dinar", ("dirhams",): "AED",
    ("syrian", "pounds"): "SYP", ("egyptian", "pounds"): "EGP", ("lebanese", "pounds"): "LBP",
    ("won",): "KRW", ("p",): "pence",
}

PERCENT_WORDS: dict[tuple[str, ...], str] = {
    ("%",): "percent", ("percent",): "percent", ("per", "cent"): "percent",
    ("pc",): "percent", ("pct",): "percent", ("percentage", "points"): "percentage point",
    ("percentage", "point"): "percentage point", ("per", "centage", "points"): "percentage point",
}

#: Units of time: a number with one of these is a duration.
DURATION_UNITS: dict[str, str] = {
    "second": "second", "seconds": "second", "sec": "second", "secs": "second",
    "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    "hour": "hour", "hours": "hour", "hrs": "hour", "hr": "hour", "h": "hour", "day": "day", "days": "day",
    "night": "night", "nights": "night", "week": "week", "weeks": "week",
    "fortnight": "fortnight", "month": "month", "months": "month", "year": "year",
    "years": "year", "yr": "year", "yrs": "year", "decade": "decade", "decades": "decade",
    "century": "century", "centuries": "century",
}

#: Physical units: a number with one of these is a measure. Values are the unit's name.
MEASURE_UNITS: dict[str, str] = {
    "km": "km", "kms": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km",
    "kilometer": "km", "mile": "mile", "miles": "mile", "metres": "metre",
    "meters": "metre", "metre": "metre", "meter": "metre", "m": "metre", "cm": "cm",
    "centimetres": "cm", "centimeters": "cm", "mm": "mm", "millimetres": "mm",
    "millimeters": "mm", "feet": "foot", "foot": "foot", "ft": "foot", "inches": "inch",
    "inch": "inch", "in.": "inch", "yards": "yard", "yard": "yard", "kg": "kg", "kgs": "kg",
    "kilograms": "kg", "kilogram": "kg", "kilos": "kg", "grams": "gram", "gram": "gram",
    "g": "gram", "mg": "mg", "milligrams": "mg", "tonnes": "tonne", "tonne": "tonne",
    "tons": "ton", "ton": "ton", "pounds": "pound", "lbs": "pound", "lb": "pound",
    "ounces": "ounce", "ounce": "ounce", "oz": "ounce", "litres": "litre", "liters": "litre",
    "litre": "litre", "liter": "litre", "gallons": "gallon", "gallon": "gallon",
    "barrels": "barrel", "barrel": "barrel", "bpd": "barrels per day", "acres": "acre",
    "acre": "acre", "hectares": "hectare", "hectare": "hectare", "ha": "hectare",
    "degrees": "degree", "degree": "degree", "°c": "degree Celsius", "°f": "degree Fahrenheit",
    "celsius": "degree Celsius", "fahrenheit": "degree Fahrenheit", "mph": "mph",
    "km/h": "km/h", "kph": "km/h", "kmh": "km/h", "mpg": "mpg", "knots": "knot",
    "mw": "MW", "megawatts": "MW", "gw": "GW", "gigawatts": "GW", "kw": "kW",
    "kilowatts": "kW", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh", "w": "W",
    "watts": "W", "volts": "volt", "v": "volt", "mah": "mAh", "gb": "GB", "tb": "TB",
    "mb": "MB", "kb": "KB", "mbps": "Mbps", "gbps": "Gbps", "ghz": "GHz", "mhz": "MHz",
    "hz": "Hz", "rpm": "rpm", "hp": "hp", "horsepower": "hp", "bhp": "hp", "ppm": "ppm",
    "ppb": "ppb", "calories": "calorie", "kcal": "kcal", "mmbtu": "mmBtu", "btu": "Btu",
    "cubic": "cubic", "square": "square", "sq": "square", "nm": "nm", "μm": "μm",
    "megapixels": "megapixel", "mp": "megapixel", "inches-wide": "inch",
    "pound-feet": "pound-foot", "lb-ft": "pound-foot", "nautical": "nautical",
    "millimeter": "mm", "centimeter": "cm", "centimetre": "cm", "nanometer": "nm",
    "nanometers": "nm", "nanometres": "nm", "nanometre": "nm", "micrometres": "μm",
    "microns": "μm", "ml": "ml", "millilitres": "ml", "milliliters": "ml", "cl": "cl",
    "m2": "square metre", "km2": "square km", "sq": "square", "gpa": "GPa", "mpa": "MPa",
    "psi": "psi", "decibels": "decibel", "db": "decibel", "km/hr": "km per hour",
    "tb/s": "TB/s", "gigapascals": "GPa", "megatons": "megaton", "kilotons": "kiloton",
}
#: Units that only combine with a following unit ("square kilometres").
UNIT_PREFIXES = {"square", "cubic", "nautical"}

#: Words that mark a number as a date or time of day, not a fact.
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "jan.", "feb.", "mar.",
    "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
}
TIME_OF_DAY = {"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "gmt", "utc", "o'clock", "hrs", "hours gmt"}
#: Nouns after which a number is a label, not an amount ("No. 1", "Resolution 2254").
IDENTIFIER_NOUNS = {
    "no", "no.", "number", "nos", "article", "resolution", "flight", "route", "chapter",
    "section", "page", "room", "gate", "level", "phase", "version", "series", "model",
    "type", "grade", "category", "episode", "season", "channel", "highway", "road",
    "street", "lane", "district", "sector", "unit", "division", "brigade", "battalion",
    "platform", "terminal", "covid", "windows", "iphone", "galaxy", "pixel", "formula",
    "group", "league", "vol", "vol.", "issue", "paragraph", "clause", "item", "figure",
    "table", "box", "apartment", "building", "block", "zone", "area", "camp", "hall",
    "week", "day", "stage", "round", "game", "match", "ward", "bus", "line", "bill",
}

#: Governing words (lemma or lower-case form) and the category of people they imply.
HARM_WORDS: dict[str, str] = {
    # killed
    "kill": "killed", "killed": "killed", "killing": "killed", "die": "killed",
    "died": "killed", "dead": "killed", "death": "killed", "deaths": "killed",
    "toll": "killed", "fatality": "killed", "fatalities": "killed", "perish": "killed",
    "massacre": "killed", "slaughter": "killed", "execute": "killed", "murder": "killed",
    "slay": "killed", "slain": "killed", "behead": "killed", "drown": "killed",
    "succumb": "killed", "gun": "killed", "corpses": "killed",
    "body": "killed", "bodies": "killed", "corpse": "killed", "fatal": "killed",
    "assassinate": "killed", "lynch": "killed", "martyr": "killed", "dying": "killed",
    "martyrdom": "killed", "beheading": "killed",
    "assassination": "killed", "drowning": "killed", "lynching": "killed", "wounding": "wounded",
    # wounded
    "wound": "wounded", "wounded": "wounded", "injure": "wounded", "injured": "wounded",
    "injury": "wounded", "injuries": "wounded", "hurt": "wounded", "maim": "wounded",
    # casualties
    "casualty": "casualties", "casualties": "casualties",
    # missing
    "missing": "missing", "disappear": "missing", "unaccounted": "missing", "disappearance": "missing",
    # displaced
    "displace": "displaced", "displaced": "displaced", "displacement": "displaced",
    "refugee": "displaced", "refugees": "displaced", "flee": "displaced", "fled": "displaced",
    "homeless": "displaced", "uproot": "displaced", "idp": "displaced", "idps": "displaced",
    "evict": "displaced",
    # evacuated
    "evacuate": "evacuated", "evacuated": "evacuated", "evacuee": "evacuated",
    "evacuation": "evacuated",
    # besieged
    "besiege": "besieged", "besieged": "besieged", "besiegement": "besieged",
    "siege": "besieged", "encircle": "besieged", "trap": "besieged", "trapped": "besieged",
    # detained
    "arrest": "detained", "arrested": "detained", "detain": "detained",
    "detained": "detained", "detainee": "detained", "detention": "detained",
    "capture": "detained", "captured": "detained", "imprison": "detained", "jail": "detained",
    "prisoner": "detained", "custody": "detained", "round": "detained",
    # kidnapped
    "kidnap": "kidnapped", "kidnapped": "kidnapped", "abduct": "kidnapped",
    "abducted": "kidnapped", "hostage": "kidnapped", "hostages": "kidnapped",
    "abduction": "kidnapped", "kidnapping": "kidnapped", "captive": "kidnapped",
    "suffocation": "affected", "suffocate": "affected",
    # affected (other harm)
    "affect": "affected", "sicken": "affected", "poison": "affected", "infect": "affected",
    "strand": "affected", "starve": "affected", "hospitalise": "affected",
    "hospitalize": "affected", "poisoning": "affected", "starving": "affected",
}


#: Harm words that are harm only beside a disaster, violence or disease in the same sentence:
#: "2.4 mln villagers affected by the drought", but "2,000 workers affected by the shutdown",
#: "40,000 passengers were stranded as ground staff struck" are no harm.
CONTEXT_HARM = frozenset({"affect", "affected", "strand", "stranded", "infect", "infected"})
#: What makes those words harm (lemmas of nouns and adjectives, never verbs: "firing half its staff").
DISASTER_WORDS = frozenset({
    "drought", "flood", "flooding", "earthquake", "quake", "tremor", "storm", "cyclone", "hurricane",
    "typhoon", "tornado", "tsunami", "landslide", "mudslide", "avalanche", "eruption", "volcano",
    "disaster", "famine", "hunger", "epidemic", "outbreak", "pandemic", "disease", "virus", "cholera",
    "malaria", "measles", "ebola", "aids", "hiv", "tuberculosis", "tb", "salmonella", "salmonellosis",
    "poisoning", "gas", "chlorine", "sarin", "chemical", "toxic", "radiation", "fire", "blaze", "explosion",
    "blast", "bomb", "bombing", "shelling", "attack", "strike", "airstrike", "raid", "fighting", "clash",
    "war", "conflict", "siege", "violence", "offensive", "battle", "snow", "blizzard", "heatwave",
    "spill", "contamination", "sinking",
})


#: Harm words that are nouns, never a headline's verb before a count ("Death 12" is no verb).
HARM_NOUNS = frozenset({"death", "deaths", "body", "bodies", "toll", "tolls", "dead"})


def inflected_harm(lower: str) -> str | None:
    """The category of a harm word written inflected where no lemma is known, as title-case
    headlines leave it ("Eight *Martyred*", "Mortar Fire *Kills* 12", "Two *Executed*"): the
    word itself, else its stem without -s/-es/-d/-ed/-ing.

    >>> [inflected_harm(w) for w in ("martyred", "kills", "executed", "dies", "injures", "talks")]
    ['killed', 'killed', 'killed', 'killed', 'wounded', None]
    """
    cat = HARM_WORDS.get(lower)
    if cat:
        return cat
    for suffix in ("ing", "ed", "es", "s", "d"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            cat = HARM_WORDS.get(stem) or (HARM_WORDS.get(stem + "e") if suffix in ("ed", "ing") else None)
            if cat and stem not in HARM_NOUNS and stem not in ("round", "well"):
                return cat
    return None


#: Harm words that are euphemisms in military statements and harm only when what they take
#: is people ("eliminated 70 terrorists", "the liquidation of 34 militants"; not "eliminated
#: 300 jobs").
PEOPLE_ONLY_HARM: dict[str, str] = {
    "eliminate": "killed", "elimination": "killed", "liquidate": "killed", "liquidation": "killed",
    "execution": "killed",  # "the execution of 12 prisoners", not "the execution of 3 contracts"
}

#: "round up" is an arrest only with its particle.
PARTICLE_REQUIRED = {"round": "up", "gun": "down"}  # "rounded up", "gunned down"
#: "lives" is a death only with these verbs ("claimed 310,000 lives", "lost their lives").
LIFE_VERBS = {"claim", "lose", "cost", "take", "sacrifice"}

#: Verbs a toll is reported with ("the toll rose to 41", "stood at"): the number
#: measures their subject.
TOLL_VERBS = {
    "rise", "climb", "reach", "stand", "hit", "top", "jump", "increase", "grow", "soar",
    "pass", "exceed", "surpass", "be", "mount", "total", "number", "go", "edge", "swell",
    "fall", "drop", "revise", "put", "raise", "bring",
}

#: Nouns that count people (lemmas), beyond those with a NORP entity or a harm word.
PEOPLE_NOUNS = {
    "people", "person", "persons", "civilian", "child", "children", "kid", "woman", "women",
    "man", "men", "boy", "girl", "baby", "infant", "teenager", "teen", "youth", "adult",
    "elder", "pensioner", "soldier", "troop", "troops", "fighter", "militant", "rebel",
    "insurgent", "jihadist", "jihadi", "extremist", "terrorist", "gunman", "attacker",
    "assailant", "bomber", "militiaman", "combatant", "recruit", "personnel", "policeman",
    "police", "policemen", "officer", "guard", "marine", "sailor", "airman", "pilot",
    "commander", "general", "official", "officials", "worker", "employee", "staff", "staffer",
    "resident", "citizen", "villager", "inhabitant", "protester", "protestor", "demonstrator",
    "activist", "student", "pupil", "teacher", "doctor", "nurse", "medic", "patient",
    "journalist", "reporter", "member", "lawmaker", "legislator", "mp", "senator",
    "delegate", "leader", "minister", "diplomat", "envoy", "migrant", "immigrant",
    "emigrant", "asylum-seeker", "pilgrim", "tourist", "visitor", "passenger", "crew",
    "crewman", "prisoner", "inmate", "voter", "fan", "spectator", "player", "athlete",
    "customer", "user", "subscriber", "shopper", "investor", "victim", "survivor",
    "farmer", "miner", "volunteer", "supporter", "opponent",
    "candidate", "suspect", "militia", "researcher", "scientist", "executive", "individual",
    "applicant", "settler", "defendant", "hostage", "detainee", "refugee", "evacuee",
    "casualty", "worshipper", "mourner", "participant", "resident", "residents", "guest",
    "rescuer", "firefighter", "paramedic", "contractor", "labourer", "laborer", "nationals",
    "national", "foreigner", "expatriate", "expat", "american", "briton", "jew", "muslim",
    "christian", "kurd", "arab", "palestinian", "israeli", "syrian", "iraqi", "afghan",
    "islamist", "loyalist", "separatist", "peacekeeper", "mercenary", "sniper", "deserter",
    "defector", "opposition", "parent", "mother", "father", "son", "daughter", "brother",
    "sister", "relative", "wife", "husband", "he", "she", "they", "them", "us", "we",
    "whom", "who", "figure", "figures", "dead", "wounded", "injured", "missing",
    # public life, courts and business
    "judge", "magistrate", "juror", "lawyer", "attorney", "barrister", "solicitor", "prosecutor",
    "manager", "director", "chairman", "chairwoman", "boss", "chief", "president", "governor",
    "mayor", "councillor", "councilor", "peer", "lord", "mep", "elector", "representative",
    "ambassador", "spokesman", "spokeswoman", "secretary", "adviser", "advisor", "aide",
    "banker", "trader", "analyst", "economist", "owner", "householder", "homeowner",
    "occupier", "tenant", "landlord", "buyer", "seller", "consumer", "taxpayer", "shareholder",
    "founder", "partner", "colleague", "friend", "neighbour", "neighbor", "driver", "engineer",
    "builder", "professor", "lecturer", "expert", "specialist", "consultant", "agent", "spy",
    "cleric", "imam", "priest", "bishop", "monk", "nun", "witness", "coach", "referee",
    "footballer", "cricketer", "striker", "teammate", "graduate", "surgeon", "physician",
    "orphan", "widow", "youngster", "toddler", "veteran", "conscript", "cadet", "marcher",
    "picket", "striker", "smuggler", "trafficker", "kidnapper", "gunmen", "others",
    # more people nouns of news copy (each a word for people, whatever the story)
    "client", "housewife", "captive", "rioter", "looter", "bystander", "passer-by",
    "holidaymaker", "trainee", "apprentice", "retiree", "commuter", "motorist", "cyclist",
    "pedestrian", "diver", "climber", "hiker", "camper", "fisherman", "fireman",
    "serviceman", "tribesman", "businessman", "businesswoman", "clergyman", "congressman",
    "crewmember", "staffer", "official", "employee", "laborer", "workman", "servant",
    "housemaid", "maid", "nanny", "guerrilla", "guerilla", "paratrooper", "infantryman",
    "conscript", "reservist", "sympathizer", "sympathiser", "loyalist", "dissident",
    "defendant", "convict", "fugitive", "escapee", "deportee", "returnee",
    "creditor", "debtor", "slave", "mps", "meps", "msps", "backbencher", "frontbencher",
    "frontrunner", "commissioner", "constituent", "viewer", "listener", "reader", "auditor",
    "hereditary", "hereditaries", "pensioners", "claimant", "beneficiary", "recipient", "donor",
    "entrepreneur", "graduate", "undergraduate", "schoolchild", "schoolgirl", "schoolboy",
    "attendant", "broker", "dealer", "proponent", "delegate", "negotiator", "mediator",
    "dependent", "dependant",
    "deputy", "commando", "observer", "traveller", "traveler", "hijacker", "newborn",
    "adolescent", "minor", "juvenile", "townspeople", "townsfolk", "soul", "chechen", "yazidi",
    "druze", "houthi", "alawite", "shiite", "sunni", "assyrian", "armenian", "turkmen",
    "seeker", "nominee", "winner", "loser", "contestant", "competitor", "runner", "entrant",
    "smoker", "drinker", "borrower", "saver", "tory", "tories", "gp", "gps", "scot", "scots",
    "actor", "actress", "singer", "musician", "writer", "author", "dancer", "presenter",
    "critic", "headteacher", "academic", "celebrity", "westerner", "foreigner",
    "inspector", "investigator", "detective", "warden", "examiner",
    "comrade", "companion", "associate", "accomplice", "cousin", "nephew", "niece", "grandchild",
    "grandson", "granddaughter", "uncle", "aunt", "bride", "groom", "worshiper", "mourner",
}
#: Plural nouns in -men that are not people ("specimens", "regimens").
NOT_MEN = {"specimens", "regimens", "abdomens", "omens", "stamens", "hymens", "semen", "amen", "ramen"}
#: Endings that mark a plural noun as people ("civilians", "journalists", "volunteers").
PEOPLE_SUFFIXES = ("ians", "ists", "eers")
NOT_PEOPLE = {"lists", "wrists", "twists", "mists", "fists", "engineers", "pioneers", "careers"}

#: Verbs that credit a source: the subject of one of these is who claims the number.
SPEECH_VERBS = {
    "say", "tell", "report", "announce", "state", "add", "estimate", "confirm", "claim",
    "declare", "told", "said", "note", "warn", "insist", "allege", "quote", "cite", "write",
    "tweet", "post", "explain", "disclose", "reveal", "count", "document", "record",
    "acknowledge", "admit", "deny",
}

#: Prepositions that tie a count to a place or to a time.
PLACE_PREPOSITIONS = {"in", "at", "near", "across", "throughout", "outside", "inside", "around", "on", "within", "from"}
TIME_PREPOSITIONS = {
    "since", "in", "during", "on", "between", "over", "from", "until", "till", "by",
    "after", "before", "throughout", "within", "for", "as", "of", "through",
}
#: Words that make a count of people a running total rather than one incident.
CUMULATIVE_WORDS = {"toll", "total", "overall", "cumulative", "altogether", "tally"}
CUMULATIVE_PHRASES = (("so", "far"), ("to", "date"), ("in", "all"), ("in", "total"))

#: Things that are counted but are not people, even when a harm verb governs them
#: ("destroyed 160 tanks", "killed 200 sheep").
THING_NOUNS = {
    "tank", "vehicle", "car", "truck", "bus", "building", "house", "home", "school",
    "hospital", "animal", "sheep", "cattle", "livestock", "cow", "goat", "camel", "horse",
    "aircraft", "plane", "jet", "helicopter", "drone", "missile", "rocket", "shell",
    "bomb", "weapon", "gun", "rifle", "round", "boat", "ship", "vessel", "village",
    "town", "city", "shop", "store", "mosque", "church", "bridge", "road", "well",
    "acre", "crop", "tree", "bird", "fish", "dog", "cat", "chicken", "pig", "site",
    "facility", "base", "position", "checkpoint", "post", "target", "barrel", "apartment",
    "shipment", "consignment", "cargo", "container", "package", "parcel", "crate", "tanker",
    "country", "nation", "region", "province", "district", "territory", "company", "firm",
    "bank", "organisation", "organization", "institution", "agency",
    # animals counted are no people ("killing a total of 91 foxes")
    "fox", "hound", "deer", "hen", "duck", "poultry", "bull", "calf", "lamb", "pigeon", "rabbit",
    "rat", "mouse", "monkey", "wolf", "bear", "lion", "tiger", "elephant", "whale", "dolphin",
    "seal", "shark", "turtle", "insect", "bee", "badger", "mink", "stag", "hare", "goose",
}
#: Subject pronouns that name no source ("he said") and are left out of claimed_by.
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "who", "which"}
