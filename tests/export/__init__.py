"""Tests of argmap.export, one file per module."""
