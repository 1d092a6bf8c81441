#!/usr/bin/env python3
"""Build a release executable: `python packaging/release.py [<dir>|<file.mpl>] [-o PATH]`.

A thin wrapper over `mesh build --release` (the logic lives in `mesh/tooling/release.py`
so that the installed `mesh` command has it too). Extra arguments are passed through,
e.g. `--standalone`.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mesh.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", "--release", *sys.argv[1:]]))
