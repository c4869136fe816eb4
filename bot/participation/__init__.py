"""Participation: quiet members, gentle nudges, stats and the weekly digest."""
