"""Tests of argmap, laid out as the package is (see docs/architecture.md)."""
