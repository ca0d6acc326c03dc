#!/usr/bin/env python3
"""SciPy's numbers for McNemar's exact test (core/experiment/image_paired_tests.h).

Reads JSON from stdin: a list of [b, c] (images right in A only, in B only),
writes a list of two-sided p-values: scipy.stats.binomtest(b, b + c, 0.5).
tests/experiment runs it when python3-scipy is installed
(packaging/install-deps.sh --bench) and compares to 1e-9.
"""
import json
import sys

from scipy import stats

out = []
for b, c in json.load(sys.stdin):
    out.append(1.0 if b + c == 0 else float(stats.binomtest(b, b + c, 0.5).pvalue))
json.dump(out, sys.stdout)
