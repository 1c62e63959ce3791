"""Writes bench/RESULTS.md's table from bench/out/results.json (see bench/bench.py)."""


def write_results(results, path):
    pass
