"""Platform adapters: each translates its platform's payloads to core events and back.

`cohort run` connects the platforms listed here whose token is set, in this order. Each is a
package with `settings.py` (its `PLATFORM_SETTINGS`, read and validated at start-up),
`serve.py` (`async def serve(core)`, which loads those settings and runs until cancelled) and,
if it has set-up commands (`cohort discord sync`), `maintenance.py`. `bot/cli.py` imports them
by name, so adding a platform is a package and a name here, never a change in `bot/`.
"""

PLATFORMS = ("discord", "slack")
