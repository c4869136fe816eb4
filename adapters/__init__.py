"""Platform adapters: each translates its platform's payloads to core events and back.

`cohort run` connects the platforms listed here whose token is set, in this order. Each is a
package with `settings.py` (its `PLATFORM_SETTINGS`, read and validated at start-up) and
`serve.py` (`async def serve(core)`, which loads those settings and runs until cancelled);
`bot/cli.py` imports both by name, so adding a platform is a package and a name here.
"""

PLATFORMS = ("discord", "slack")
