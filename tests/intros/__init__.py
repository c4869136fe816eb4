"""Tests of intros and the welcome: storage, commands, reminders, console, Discord and Slack."""
