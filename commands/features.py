"""The features this bot offers, written down in one place, in the order `/help` lists them.

Each feature's module declares the services its commands use (`TopicServices`, ...); here they
are cut from the composition root's services, and each module is handed its own.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.services import Services
from commands import (
    automod,
    buddy,
    guidelines,
    help,
    intro,
    mod,
    profile,
    quiet,
    setup,
    stats,
    topic,
    warnings,
)
from commands.registry import Registry

Feature = Callable[[Registry, Services], None]
"""Registers one feature's commands, bound to the services that feature uses."""


def _help(registry: Registry, _services: Services) -> None:
    help.setup(registry)  # /help reads the registry itself and needs no services


def _topic(registry: Registry, services: Services) -> None:
    topic.setup(
        registry,
        topic.TopicServices(
            topics=services.topics,
            schedules=services.schedules,
            breaks=services.breaks,
            communities=services.communities,
            clock=services.clock,
        ),
    )


def _guidelines(registry: Registry, services: Services) -> None:
    guidelines.setup(
        registry,
        guidelines.GuidelinesServices(guidelines=services.guidelines),
    )


def _profile(registry: Registry, services: Services) -> None:
    profile.setup(
        registry,
        profile.ProfileServices(
            members=services.members,
            intros=services.intros,
        ),
    )


def _intro(registry: Registry, services: Services) -> None:
    intro.setup(
        registry,
        intro.IntroServices(
            intros=services.intros,
            members=services.members,
            clock=services.clock,
        ),
    )


def _buddy(registry: Registry, services: Services) -> None:
    buddy.setup(
        registry,
        buddy.BuddyServices(
            pairing=services.pairing,
            schedules=services.schedules,
            communities=services.communities,
            clock=services.clock,
        ),
    )


def _quiet(registry: Registry, services: Services) -> None:
    quiet.setup(
        registry,
        quiet.QuietServices(
            participation=services.participation,
            quiet=services.quiet,
            nudges=services.nudges,
            activity=services.activity,
            communities=services.communities,
            clock=services.clock,
        ),
    )


def _stats(registry: Registry, services: Services) -> None:
    stats.setup(
        registry,
        stats.StatsServices(
            stats=services.stats,
            activity=services.activity,
            communities=services.communities,
            schedules=services.schedules,
            clock=services.clock,
        ),
    )


def _warnings(registry: Registry, services: Services) -> None:
    warnings.setup(
        registry,
        warnings.WarningsServices(
            moderation=services.moderation,
            flags=services.flags,
            clock=services.clock,
        ),
    )


def _mod(registry: Registry, services: Services) -> None:
    mod.setup(
        registry,
        mod.ModServices(
            moderation=services.moderation,
            members=services.members,
            clock=services.clock,
        ),
    )


def _automod(registry: Registry, services: Services) -> None:
    automod.setup(
        registry,
        automod.AutomodServices(automod=services.automod),
    )


def _setup(registry: Registry, services: Services) -> None:
    setup.setup(
        registry,
        setup.SetupServices(
            communities=services.communities,
            members=services.members,
            schedules=services.schedules,
            breaks=services.breaks,
            welcomes=services.welcomes,
            intros=services.intros,
        ),
    )


ENABLED_FEATURES: tuple[Feature, ...] = (
    _help,
    _topic,
    _guidelines,
    _profile,
    _intro,
    _buddy,
    _quiet,
    _stats,
    _warnings,
    _mod,
    _automod,
    _setup,
)


def build_registry(services: Services) -> Registry:
    """Return a registry with every enabled feature's commands, each bound to its services."""
    registry = Registry()
    for feature in ENABLED_FEATURES:
        feature(registry, services)
    return registry
