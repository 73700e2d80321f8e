"""Gaggle: an OAuth2 authorization server and performance-management REST API."""

import warnings

# Connexion imports Starlette's test client at start-up, which announces a change of HTTP
# library; it says nothing about Gaggle and would print on every `gaggle serve`.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
