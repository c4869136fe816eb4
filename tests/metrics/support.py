"""Reading the app's own metrics registry."""

from __future__ import annotations

from bot.app import App


def value(app: App, name: str, **labels: str) -> float:
    """Return the sample `name{labels}` of the app's registry (0 when never counted)."""
    found = app.metrics.registry.get_sample_value(name, labels)
    return 0.0 if found is None else found
