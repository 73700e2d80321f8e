"""privatenote.graphql."""

BINDABLES: list = []
FETCHERS: dict = {}
