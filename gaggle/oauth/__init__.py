"""The OAuth2 authorization server, on oauthlib."""
