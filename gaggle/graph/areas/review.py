"""review.graphql."""

BINDABLES: list = []
FETCHERS: dict = {}
