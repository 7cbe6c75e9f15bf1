"""Tests of argmap.analysis, one file per module."""
