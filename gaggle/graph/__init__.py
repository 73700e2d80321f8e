"""The GraphQL API at /graphql: the hand-written SDL of `graphql/` bound to resolvers that call
the same rules, visibility queries and link builders as the REST API (handlers/, models/).

`sdl` finds the schema files, `schema` binds them, `scopes` enforces the scopes they declare,
`limits` refuses queries that are too deep or too costly, `execution` runs a request, and the
modules of `areas` hold the resolvers of each scope area.
"""
