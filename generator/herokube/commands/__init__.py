"""One module per command, each a plain function that returns its exit code.

``herokube.cli`` registers them with Typer and maps the code to the process exit.
"""
