"""The process's one HTTP server (`COHORT_HTTP_PORT`): `/healthz`, `/metrics`, later pages."""

from bot.web.operations import add_operations_routes
from bot.web.server import WebServer

__all__ = ["WebServer", "add_operations_routes"]
