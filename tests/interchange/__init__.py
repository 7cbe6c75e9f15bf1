"""Tests of argmap.interchange, one file per module."""
