"""Tests of participation: quiet members, nudges, stats and the digest."""
