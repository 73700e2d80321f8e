"""department.graphql."""

BINDABLES: list = []
FETCHERS: dict = {}
