"""The Slack adapter: the real slack-bolt, translated to and from the core."""
