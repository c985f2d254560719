# SPDX-License-Identifier: MIT
"""Runs the emulator: `python3 tests/emulator/halo_emulator` (the package
directory), `python3 -m halo_emulator`, or the zipapp built from it."""

import os
import sys

if __package__:
    from .main import main
else:
    # Run as a directory, this file is a script and sys.path[0] is the
    # package itself; put its parent there instead so the modules import
    # as halo_emulator.* and their relative imports work.
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    from halo_emulator.main import main

sys.exit(main())
