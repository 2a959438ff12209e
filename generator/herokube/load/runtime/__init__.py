"""The app's runtime as the Heroku buildpacks would detect it (see docs/runtimes.md)."""

from .detect import detect_runtime, language_of_buildpack

__all__ = ["detect_runtime", "language_of_buildpack"]
