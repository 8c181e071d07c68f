"""Benchmarks: graphs of mskg's shape at any size, and scripts that print how fast each part is."""
