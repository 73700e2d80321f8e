"""oneonone.graphql."""

BINDABLES: list = []
FETCHERS: dict = {}
