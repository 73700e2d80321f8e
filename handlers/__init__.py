"""Operation handlers, one module per OpenAPI tag; each function is snake_case(operationId)."""
