"""herokube: move Heroku apps onto Kubernetes the GitOps way.

The code reads as a pipeline, one module per stage:
``load`` (export file / source tree → raw facts) → ``model`` (a typed, Heroku-only App) →
``plan`` (Kubernetes decisions, no I/O) → ``render`` (Copier + ruamel.yaml → files, Git commit) →
``validate`` (offline checks).
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
