"""feedback.graphql."""

BINDABLES: list = []
FETCHERS: dict = {}
