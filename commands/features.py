"""The features this bot offers, written down in one place, in the order `/help` lists them.

Each feature's module declares the services its commands use (`TopicServices`, ...); here they
are cut from the composition root's services, and each module is handed its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from types import ModuleType
from typing import Any

from bot.services import Services
from commands import (
    announce,
    automod,
    buddy,
    cohort,
    dashboard,
    export,
    guidelines,
    help,
    hosts,
    intro,
    mod,
    peers,
    profile,
    quiet,
    session,
    setup,
    stats,
    thanks,
    topic,
    warnings,
)
from commands.registry import Registry

Feature = Callable[[Registry, Services], None]
"""Registers one feature's commands, bound to the services that feature uses."""


def _feature(module: ModuleType, declared: type[Any] | None) -> Feature:
    """Return how `module` registers: with its `declared` services cut from the root's.

    `declared` is the frozen dataclass the module declares (`TopicServices`, ...); each of its
    fields is filled with the root's service of that name. None: the feature needs none (/help).
    """

    def register(registry: Registry, services: Services) -> None:
        if declared is None:
            module.setup(registry)
        else:
            own = {field.name: getattr(services, field.name) for field in fields(declared)}
            module.setup(registry, declared(**own))

    register.__name__ = module.__name__
    return register


ENABLED_FEATURES: tuple[Feature, ...] = (
    _feature(help, None),  # /help reads the registry itself
    _feature(cohort, cohort.CohortServices),
    _feature(topic, topic.TopicServices),
    _feature(session, session.SessionServices),
    _feature(guidelines, guidelines.GuidelinesServices),
    _feature(profile, profile.ProfileServices),
    _feature(intro, intro.IntroServices),
    _feature(buddy, buddy.BuddyServices),
    _feature(peers, peers.PeersServices),
    _feature(thanks, thanks.ThanksServices),
    _feature(quiet, quiet.QuietServices),
    _feature(announce, announce.AnnounceServices),
    _feature(hosts, hosts.HostsServices),
    _feature(stats, stats.StatsServices),
    _feature(dashboard, dashboard.DashboardServices),
    _feature(export, export.ExportServices),
    _feature(warnings, warnings.WarningsServices),
    _feature(mod, mod.ModServices),
    _feature(automod, automod.AutomodServices),
    _feature(setup, setup.SetupServices),
)


def build_registry(services: Services) -> Registry:
    """Return a registry with every enabled feature's commands, each bound to its services."""
    registry = Registry()
    for feature in ENABLED_FEATURES:
        feature(registry, services)
    return registry
