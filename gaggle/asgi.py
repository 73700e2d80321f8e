"""The ASGI application for servers: `uvicorn gaggle.asgi:app`, with the JSON logs."""

from gaggle import logs
from gaggle.app import create_app
from gaggle.settings import Settings

settings = Settings.from_env()
logs.configure(settings.log_level)
app = create_app(settings)
