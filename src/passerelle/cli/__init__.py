"""The ``passerelle`` command line: thin Typer commands over the services."""
