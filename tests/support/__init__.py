"""Shared helpers for the tests (no tests here): random models and export helpers."""
