"""The ASGI application for servers: `uvicorn gaggle.asgi:app`."""

from gaggle.app import create_app

app = create_app()
