"""Pipeline stages: each a pure function from data to data."""
