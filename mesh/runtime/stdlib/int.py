"""Mesh `Int` module (spec 03 B10)."""

from __future__ import annotations


def to_float(n):
    return float(n)


def to_string(n):
    return int.__repr__(n)
