"""The OpenAPI documents (YAML beside this file), shipped inside the package as `gaggle.openapi`."""
