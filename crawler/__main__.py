"""`python -m crawler` is the `policywatch` command."""

from crawler.cli import main

main()
