"""Cohort's platform-agnostic core: domain, services, storage, settings and composition."""

__version__ = "0.1.0"
