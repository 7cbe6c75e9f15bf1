"""Tests of argmap.cli, one file per module."""
