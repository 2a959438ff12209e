"""One module per command; each adds itself to ``herokube.cli.app``."""
