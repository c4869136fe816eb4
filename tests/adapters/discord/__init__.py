"""Tests of the Discord adapter against a fake Discord on loopback."""
