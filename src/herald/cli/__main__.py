"""`python -m herald.cli`: the `herald` command."""

from herald.cli import main

if __name__ == "__main__":
    main()
