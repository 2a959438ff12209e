"""The `herokube diff` command."""
