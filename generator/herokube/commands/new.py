"""The `herokube new` command."""
