"""Fuzz harness of the suite's public and portal routes: see tools/fuzz.sh."""
