"""The `herokube update` command."""
