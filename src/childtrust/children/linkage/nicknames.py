"""Given names that may stand for one another: nicknames ("Bob" for Robert), short forms and
spelling variants ("Aimee", "Amy"), in groups written here, many to many: "Ted" is in Edward's
and Theodore's, "Alex" in Alexander's and Alexandra's. Two names are variants when they share a
group (Ted and Ned, Ted and Theodore), never Edward and Theodore through Ted: the twin guard
trusts that names not related here are two children.

Written here rather than taken from a nickname data set: the one on PyPI (`nicknames`) relates
names in both directions and through one another (Robert and William through "Bill", Emily and
Emma, Peter and Patrick), which would let twins so named be linked as one child."""

from __future__ import annotations

import functools

_GROUPS: dict[str, tuple[str, ...]] = {
    "abigail": ("abbie", "abby", "abi", "gail"),
    "alexander": ("alex", "alec", "sandy", "xander", "lex"),
    "alexandra": ("alexa", "lexi", "lexie", "sasha", "alex"),
    "alfred": ("alfie", "alf", "fred"),
    "amelia": ("millie", "milly"),
    "amy": ("aimee", "amie", "ami"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony", "antony", "ant"),
    "archibald": ("archie", "archy"),
    "benjamin": ("ben", "benji", "benny"),
    "catherine": ("kate", "katie", "cathy", "kathryn", "katherine", "kat", "katy", "kathy", "cath"),
    "charles": ("charlie", "chas", "chuck"),
    "charlotte": ("lottie", "lotte", "charley", "charlie"),
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
    "lawrence": ("laurie", "larry", "laurence"),
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
    "theodore": ("theo", "teddy", "teddie", "ted"),
    "thomas": ("tom", "tommy", "thom"),
    "victoria": ("vicky", "vicki", "tori", "vikki"),
    "william": ("will", "bill", "billy", "willie", "willy"),
    "zachary": ("zach", "zack", "zac", "zak"),
}


def _groups_of() -> dict[str, tuple[str, ...]]:
    """{name: the groups it is in, by usual form, in the order written}; a usual form is in its
    own group first."""
    groups: dict[str, list[str]] = {}
    for usual, names in _GROUPS.items():
        groups.setdefault(usual, []).insert(0, usual)
        for name in names:
            groups.setdefault(name, []).append(usual)
    return {name: tuple(dict.fromkeys(usual)) for name, usual in groups.items()}


_GROUPS_OF = _groups_of()


@functools.lru_cache(maxsize=65536)  # names repeat: a city's children share a few thousand
def variants(name: str) -> frozenset[str]:
    """The groups the name is in (by usual form), or the name alone: two names sharing one are
    variants."""
    return frozenset(_GROUPS_OF.get(name, (name,)))


def usual_form(name: str) -> str:
    """One usual form, for blocking and search keys: a group's own name keeps itself, a
    nickname takes its first group's ('ted' -> 'edward')."""
    return _GROUPS_OF.get(name, (name,))[0]
