"""The `herokube validate` command."""
