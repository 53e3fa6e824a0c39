"""`python -m verksam`: the same as the `verksam` command."""

from .cli.main import main

raise SystemExit(main())
