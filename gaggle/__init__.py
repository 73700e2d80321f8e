"""Gaggle: an OAuth2 authorization server and performance-management REST API."""
