"""Given names that may stand for one another: nicknames ("Bob" for Robert), short forms and
spelling variants ("Aimee", "Amy"). From the `nicknames` package (a curated data set of English
names and their nicknames, many to many: "Ted" may be Edward or Theodore), with the British
forms it lacks written here ("Alfie", "Florrie", "Charlie" for Charlotte).

Two names are variants of each other when they share a usual form (`variants`); `usual_form`
gives each name one, for blocking and search keys."""

from __future__ import annotations

import functools

from nicknames import NickNamer

_GROUPS: dict[str, tuple[str, ...]] = {
    "abigail": ("abbie", "abby", "abi", "gail"),
    "alexander": ("alex", "alec", "sandy", "xander", "lex"),
    "alexandra": ("alexa", "lexi", "lexie", "sasha"),
    "alfred": ("alfie", "alf", "fred"),
    "amelia": ("millie", "milly"),
    "amy": ("aimee", "amie", "ami"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony", "antony", "ant"),
    "archibald": ("archie", "archy"),
    "benjamin": ("ben", "benji", "benny"),
    "catherine": ("kate", "katie", "cathy", "kathryn", "katherine", "kat", "katy", "kathy", "cath"),
    "charles": ("charlie", "chas", "chuck"),
    "charlotte": ("lottie", "lotte", "charley"),
    "christopher": ("chris", "kit", "topher"),
    "christina": ("christine", "chrissie", "tina", "kirsty", "kirstie", "kristina"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davey", "davy"),
    "edward": ("ed", "eddie", "ted", "ned", "eddy"),
    "eleanor": ("nell", "nellie", "elinor", "elenor", "eleanore"),
    "elizabeth": ("liz", "lizzie", "lizzy", "beth", "betty", "eliza", "libby", "elisabeth", "bess"),
    "emily": ("em", "emmy", "emilie"),
    "florence": ("florrie", "flo", "flossie"),
    "frances": ("fran", "frankie", "francesca"),
    "frederick": ("freddie", "freddy", "frederic"),
    "gabriel": ("gabe",),
    "henry": ("harry", "hal", "hank", "harold"),
    "isabella": ("isabelle", "isabel", "izzy", "bella", "izzie", "isobel", "belle", "issy"),
    "jacob": ("jake", "jakob"),
    "james": ("jim", "jimmy", "jamie", "jem"),
    "jennifer": ("jen", "jenny", "jenni"),
    "jessica": ("jess", "jessie"),
    "john": ("jack", "johnny", "jon", "jonny"),
    "jonathan": ("jonathon", "johnathan"),
    "joseph": ("joe", "joey"),
    "joshua": ("josh",),
    "leonard": ("len", "lenny"),
    "lucy": ("lucie",),
    "margaret": ("maggie", "meg", "peggy", "maisie", "greta"),
    "mary": ("molly", "mollie", "polly", "mae"),
    "matthew": ("matt", "matty"),
    "maximilian": ("max", "maxim", "maxwell"),
    "michael": ("mike", "mikey", "mick", "mickey", "mitch"),
    "mohammed": ("muhammad", "mohamed", "mohammad", "muhammed", "mohamad", "mo", "mohammod"),
    "natalie": ("nat", "natalia", "nathalie"),
    "nathan": ("nate", "nathaniel"),
    "nicholas": ("nick", "nicky", "nico", "nicolas"),
    "oliver": ("ollie", "olly"),
    "olivia": ("liv", "livvy", "livia"),
    "patrick": ("pat", "paddy"),
    "peter": ("pete",),
    "rebecca": ("becky", "becca", "bex", "rebekah"),
    "richard": ("rich", "rick", "ricky", "richie"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "samuel": ("sam", "sammy"),
    "sebastian": ("seb", "sebby", "bastian"),
    "tobias": ("toby", "tobi"),
    "harriet": ("hattie", "hatty", "harri"),
    "dominic": ("dom", "dominik"),
    "evelyn": ("evie", "eve", "evelyne"),
    "reginald": ("reggie", "reg"),
    "ronald": ("ronnie", "ron"),
    "kenneth": ("ken", "kenny"),
    "timothy": ("tim", "timmy"),
    "vincent": ("vince", "vinnie"),
    "samantha": ("sammie",),
    "sarah": ("sara", "sally", "sadie"),
    "sophie": ("sophia", "sofia", "soph"),
    "stephen": ("steve", "steven", "stevie", "stephan"),
    "susan": ("sue", "susie", "suzanne", "suzy"),
    "theodore": ("theo", "teddy", "teddie"),
    "thomas": ("tom", "tommy", "thom"),
    "victoria": ("vicky", "vicki", "tori", "vikki"),
    "william": ("will", "bill", "billy", "willie", "willy"),
    "zachary": ("zach", "zack", "zac", "zak"),
}


# British forms the package lacks (or gives another way): a name may sit in several groups.
_MORE: dict[str, tuple[str, ...]] = {
    "charlotte": ("charlie",),
    "theodore": ("ted", "teddy"),
    "lawrence": ("laurie", "larry", "laurence"),
    "alexandra": ("alex",),
}


def _own_forms() -> dict[str, tuple[str, ...]]:
    """{name: the usual forms it stands for here, in the order written}."""
    forms: dict[str, list[str]] = {}
    for usual, names in (*_GROUPS.items(), *_MORE.items()):
        for name in names:
            forms.setdefault(name, []).append(usual)
    return {name: tuple(usual) for name, usual in forms.items()}


_OWN = _own_forms()
_NAMER = NickNamer()


@functools.lru_cache(maxsize=65536)  # names repeat: a city's children share a few thousand
def variants(name: str) -> frozenset[str]:
    """The name and every usual form it may stand for: two names sharing one are variants."""
    return frozenset({name, *_OWN.get(name, ()), *_NAMER.canonicals_of(name)})


@functools.lru_cache(maxsize=65536)
def usual_form(name: str) -> str:
    """One usual form, for blocking and search keys: the first written here, else the
    package's only one; a name it gives several (and none here) keeps its own."""
    if name in _OWN:
        return _OWN[name][0]
    package = _NAMER.canonicals_of(name)
    return next(iter(package)) if len(package) == 1 else name
