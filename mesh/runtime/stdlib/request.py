"""Mesh `Request` module (spec 06 §1.4): plain calls on the opaque `Request` handle."""

from __future__ import annotations


def method(req) -> str:
    return req.method


def path(req) -> str:
    return req.path


def body(req) -> str:
    return req.body()


def header(req, name):
    return req.header(name)


def query(req, name):
    return req.query(name)


def param(req, name):
    return req.param(name)
