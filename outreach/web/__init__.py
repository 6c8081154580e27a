"""`outreach serve`: the office's web app on the same application layer as the command line.

Flask (templates autoescaped, signed session cookies) served by waitress, a pure-Python
server that runs the same on Linux and Windows office PCs. Every handler parses the request,
calls one use case of ``outreach.app`` and renders its result: no SQL and no analysis here.
"""

from outreach.web.server import create_app

__all__ = ["create_app"]
