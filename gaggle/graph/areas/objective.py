"""objective.graphql."""

BINDABLES: list = []
FETCHERS: dict = {}
