"""The `herokube assess` command."""
