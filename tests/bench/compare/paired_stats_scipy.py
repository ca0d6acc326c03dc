#!/usr/bin/env python3
"""SciPy's numbers for Plumage's paired statistics (core/experiment/paired_stats.h).

Reads JSON from stdin: {"pairs": [[a...], [b...]], ...} as a list of cases,
writes one JSON object per case: mean_diff, sd_diff, t, p (scipy.stats.ttest_rel,
two-sided) and the 95% confidence interval of the mean difference (t.ppf).
tests/experiment runs it when python3-scipy is installed
(packaging/install-deps.sh --bench) and compares to 1e-9.
"""
import json
import sys

import numpy as np
from scipy import stats

out = []
for a, b in json.load(sys.stdin):
    a, b = np.asarray(a, float), np.asarray(b, float)
    d = a - b
    n = len(d)
    r = stats.ttest_rel(a, b)
    se = d.std(ddof=1) / np.sqrt(n)
    q = stats.t.ppf(0.975, n - 1)
    out.append({"mean_diff": d.mean(), "sd_diff": d.std(ddof=1), "t": float(r.statistic), "p": float(r.pvalue),
                "ci_low": d.mean() - q * se, "ci_high": d.mean() + q * se})
json.dump(out, sys.stdout)
