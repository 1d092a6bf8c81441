"""Mesh core stdlib modules: `mesh.runtime.stdlib.<lower-case module name>`.

Each Mesh function `M.f` is the Python function `f` (or `f_` when `f` is a Python keyword).
Static signatures: mesh/compiler/stdlib_types.py.
"""
