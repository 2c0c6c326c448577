"""Benchmark scorers behind `sitrep bench ...`."""
