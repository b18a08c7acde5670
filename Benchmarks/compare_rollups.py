#!/usr/bin/env python3
"""Compares two rollups.csv files value by value (relative tolerance 1e-9), with DuckDB.

    python3 Benchmarks/compare_rollups.py CANDIDATE REFERENCE [--threads 2]

Rows are matched on (unit, indicator, period); value, low, high and coverage must agree within a
relative 1e-9, source exactly, and every row must sit on the same line in both files. Prints the
first differences and exits 1 when any.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from duckdb_rollup import check  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("candidate")
parser.add_argument("reference")
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
sys.exit(1 if check(args.candidate, args.reference, args.threads) else 0)
