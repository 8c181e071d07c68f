"""Run the command line as ``python -m mskg``."""

from mskg.cli import main

main()
