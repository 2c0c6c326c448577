"""The offline place index: building, caching and querying it."""
