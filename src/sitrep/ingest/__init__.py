"""Readers, metadata and duplicate detection for incoming documents."""
