"""Welcomes and intros: the greeting, the intro prompt, the reminder, the intro store.

`service.py` keeps and posts intros and sends the reminder (`IntroService`), `welcome.py`
welcomes joiners (`WelcomeService`), `store.py` holds the queries of both.
"""

from bot.intros.service import IntroInfo, IntroService, PendingMember, PostedIntro
from bot.intros.welcome import INTRO_BUTTON, WelcomeIn, WelcomeService, WelcomeSetup

__all__ = [
    "INTRO_BUTTON",
    "IntroInfo",
    "IntroService",
    "PendingMember",
    "PostedIntro",
    "WelcomeIn",
    "WelcomeService",
    "WelcomeSetup",
]
