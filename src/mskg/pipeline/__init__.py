"""The one pipeline behind build and check, the build's files and summary, and the Python API."""
