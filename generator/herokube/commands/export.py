"""The `herokube export` command."""
