"""The benchmark's fixed vocabulary: common English words and names, the words that contain a
blocked term without being one, text in other scripts, emoji, and the blocked terms themselves.

Nothing here is random; `traffic.py` draws from it with a seeded generator.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from bot.automod.folding import fold, term_pattern, term_text
from bot.automod.regex import PatternSet

_COMMON_TEXT = """
the be to of and in that have it for not on with he as you do at this but his by from they we
say her she or an will my one all would there their what so up out if about who get which go me
when make can like time no just him know take people into year your good some could them see
other than then now look only come its over think also back after use two how our work first
well way even new want because any these give day most us is are was were been has had did
thanks thank please question answer code python function error help learning course module
lesson week project study group today tomorrow deadline read chapter notes review quiz exam
practice understand explain example problem solution idea maybe great nice interesting zone
meeting call share link video slides book paper library data model test debug run really
should could would still again never always sometimes everyone someone anyone nothing
something everything here where why yes okay sure cool awesome perfect exactly totally
morning afternoon evening night weekend monday tuesday wednesday thursday friday saturday
sunday january february march april may june july august september october november
december computer program variable loop list dictionary string number integer float boolean
class method object instance import package install version update error warning exception
file folder directory path terminal command line script notebook jupyter pandas numpy plot
chart graph table row column query database server client request response api json html
css javascript browser page website design layout button form input output print return
value type check fix bug issue merge branch commit push pull repository github docs
tutorial guide lecture teacher student mentor classmate partner team pair buddy cohort
session workshop office hours schedule calendar reminder link zoom recording slide handout
homework assignment submission grade feedback rubric score result progress goal plan
learn teach ask tell show try start finish open close find keep let begin seem talk turn
hold bring write sit stand lose pay meet include continue set change lead watch follow stop
create speak allow add spend grow offer remember love consider appear wait serve send expect
build stay fall cut reach remain suggest raise
easy hard simple difficult quick slow early late long short big small large little old
young important different same able free best better sure clear happy glad sorry tired busy
"""
_COMMON = _COMMON_TEXT.split()

_CONTAIN_A_TERM_TEXT = """
class classic classes classroom classmates assess assessment assignment assignments assistant
assume assumption passage bass embassy compass mass grass glass passport massive assist
hello shell shells seashell title titles petition constitution titanium competition
cockpit peacock cocktail scrap scrapbook therapist grape grapes drape parse parsed sparse
arsenal prickly scampi scamper sextant sexton retardant shellfish hellenic
"""
_CONTAIN_A_TERM = _CONTAIN_A_TERM_TEXT.split()
"""Real words that contain a blocked term (ass, hell, tit, cock, crap, rape, arse, prick, scam,
sex, retard) and must never be caught as one."""

_NAMES_TEXT = """
Alice Bob Carol David Emma Frank Grace Henry Isabel Jack Karen Liam Maria Noah Olivia Peter
Quinn Rachel Sam Tara Umar Vera Will Xavier Yusuf Zoe Aisha Bruno Chen Dmitri Elena Fatima
Gustavo Hana Ingrid Javier Kenji Leila Mateo Nadia Oscar Priya Ravi Sofia Tomas Ursula
Viktor Wei Yara Cassandra Dickens Michelle Hancock Hitchcock Dickinson Sussex Essex
Middlesex Scunthorpe Amsterdam Rotterdam Shelley Titus Pissarro Massachusetts
"""
NAMES = _NAMES_TEXT.split()
"""First names and places, some of which hide a blocked term (Cassandra, Dickens, Essex)."""

WORDS = tuple(_COMMON + _CONTAIN_A_TERM)
OVERLAPPING = frozenset(_CONTAIN_A_TERM) | {
    "Cassandra",
    "Dickens",
    "Michelle",
    "Hancock",
    "Hitchcock",
    "Dickinson",
    "Sussex",
    "Essex",
    "Middlesex",
    "Scunthorpe",
    "Amsterdam",
    "Rotterdam",
    "Shelley",
    "Titus",
    "Pissarro",
    "Massachusetts",
}

OTHER_SCRIPTS = (
    "Danke für die Erklärung, das hilft sehr!",
    "Merci beaucoup, c'était très clair.",
    "¿Alguien tiene los apuntes de la semana pasada?",
    "Спасибо за помощь с заданием",
    "Кто-нибудь видел барсука у реки?",
    "Я не понял вторую часть лекции",
    "Ευχαριστώ πολύ για τη βοήθεια",
    "Καλημέρα σε όλους, τι κάνετε;",
    "ありがとうございます、とても分かりやすいです",
    "明日の課題はどこにありますか",
    "这个问题我也不太明白",
    "谢谢老师，今天的课很有意思",
    "شكرا جزيلا على المساعدة",
    "هل يمكن أن تشرح هذا مرة أخرى؟",
    "यह बहुत उपयोगी था, धन्यवाद",
)
"""Whole messages in other scripts, none holding a blocked term (`барсука` holds `сука`)."""

EMOJI = ("🙂", "😂", "👍", "🎉", "🙏", "🔥", "❤️", "👀", "🤔", "✅", "😅", "🚀")

REAL_TERMS = (
    "ass",
    "hell",
    "damn",
    "crap",
    "tit",
    "cock",
    "dick",
    "piss",
    "arse",
    "bastard",
    "bitch",
    "shit",
    "fuck",
    "slut",
    "whore",
    "wanker",
    "bollocks",
    "twat",
    "prick",
    "nazi",
    "retard",
    "spam",
    "scam",
    "porn",
    "nude",
    "sex",
    "rape",
    "kill yourself",
    "buy followers",
    "free robux",
    "pump and dump",
    "сука",
    "блядь",
    "урод",
    "μαλάκα",
    "βλάκας",
    "傻逼",
    "垃圾",
    "حمار",
)
"""Terms a community really blocks: short ones that hide inside real words, phrases, and terms
in Cyrillic, Greek, Chinese and Arabic."""

BLOCKED_TERMS = 500


def filler() -> Iterable[str]:
    """Every piece of clean text the traffic is made of."""
    return (*WORDS, *NAMES, *OTHER_SCRIPTS, *EMOJI)


def blocked_terms(rng: random.Random) -> list[str]:
    """Return the real terms and made-up ones up to 500, none of them inside the clean text."""
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]
    wanted = BLOCKED_TERMS - len(REAL_TERMS)
    made_up: set[str] = set()
    while len(made_up) < wanted:
        while len(made_up) < wanted:
            word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
            made_up.add(word if rng.random() < 0.9 else f"{word} {rng.choice(syllables)}x")
        made_up -= _found_in_filler(made_up)
    return [*REAL_TERMS, *sorted(made_up)]


def _found_in_filler(terms: set[str]) -> set[str]:
    """Return the made-up terms that happen to spell a real word (`data`, `kopa` in Cyrillic)."""
    ordered = sorted(terms)
    found = PatternSet([term_pattern(term) for term in ordered])
    text = term_text(fold(" ".join(filler())))
    return {ordered[index] for index in found.matching(text)}
