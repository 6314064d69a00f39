"""`python -m dashboard ...`: the command line (dashboard.cli)."""
import sys

from dashboard.cli import main

if __name__ == "__main__":
    # Vietnamese must reach any terminal or pipe; an encoding that lacks a letter gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")
    sys.exit(main())
