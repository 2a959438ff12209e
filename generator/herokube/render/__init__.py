"""Stage 4: render the plan with Copier and ruamel.yaml, and commit it with GitPython."""
