#!/usr/bin/env python3
"""Known answers for Tests/MindfulReportTests/SignificanceTests.swift, computed with scipy.

Welch's t-test is scipy.stats.ttest_ind(a, b, equal_var=False); the two-proportion z-test with
pooled variance is written out and its p-value taken from scipy.stats.norm (scipy has no
function of its own for it; statsmodels' proportions_ztest gives the same). Run it and paste its
output into the test's tables:

    python3 scripts/significance-known-answers.py
"""
import math
import warnings

import numpy as np
from scipy import stats

warnings.simplefilter("ignore")


def big(n, mul, mod, div, add=0.0):
    # The same formula the Swift test uses to make its large samples.
    return [(i * mul % mod) / div + add for i in range(n)]


WELCH = [
    ("tiny samples", [1.0, 2.0, 3.0], [4.0, 5.0, 7.0]),
    ("two values a side", [5.0, 6.0], [7.0, 9.0]),
    ("equal means, different spread", [4.0, 5.0, 6.0, 5.0, 5.0, 4.5, 5.5, 5.0, 4.0, 6.0], [0.0, 10.0, 2.0, 8.0, 5.0, 5.0, 1.0, 9.0, 3.0, 7.0]),
    ("zero variance on one side", [5.0] * 12, [3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0]),
    ("unequal sizes", [120.0, 95.0, 130.0, 88.0, 140.0], [float(60 + (i * 37) % 50) for i in range(40)]),
    ("response times, a real change", [float(90 + (i * 13) % 40) for i in range(30)], [float(70 + (i * 17) % 40) for i in range(35)]),
    ("strong difference, tiny p", [float(100 + (i * 7) % 5) for i in range(50)], [float(10 + (i * 3) % 4) for i in range(60)]),
    ("negative values (punctuality)", [float(-30 + (i * 11) % 70) for i in range(25)], [float(-20 + (i * 5) % 60) for i in range(25)]),
    ("fractions (ECBT accuracy)", [0.8 + ((i * 7) % 20) / 100 for i in range(15)], [0.78 + ((i * 3) % 25) / 100 for i in range(18)]),
    ("very large samples, small shift", big(1_000_000, 7919, 1000, 10.0), big(1_200_000, 104729, 997, 10.0, 0.05)),
    ("very large samples, same mean", big(2_000_000, 7919, 1000, 10.0), big(2_000_000, 6007, 1000, 10.0)),
]

# (name, hits1, n1, hits2, n2)
PROPORTIONS = [
    ("tiny samples", 5, 9, 1, 10),
    ("a real rise", 80, 100, 65, 100),
    ("within noise", 780, 1000, 800, 1000),
    ("equal proportions", 50, 100, 100, 200),
    ("zero hits on one side", 0, 50, 3, 50),
    ("very large samples", 800_000, 1_000_000, 801_500, 1_000_000),
    ("very large, tiny p", 4_000_000, 5_000_000, 3_900_000, 5_000_000),
    ("unequal sizes", 18, 20, 700, 1000),
    ("all hits against some", 40, 40, 35, 40),
    ("one of each", 1, 1, 0, 1),
]


def z_test(x1, n1, x2, n2):
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (p1 - p2) / se
    return z, 2 * stats.norm.sf(abs(z))


def r(v):
    return repr(float(v))


print("// Welch: (name, t, p, df)")
for name, a, b in WELCH:
    res = stats.ttest_ind(np.array(a), np.array(b), equal_var=False)
    print(f'("{name}", {r(res.statistic)}, {r(res.pvalue)}, {r(res.df)}),')
print("// Proportions: (name, x1, n1, x2, n2, z, p)")
for name, x1, n1, x2, n2 in PROPORTIONS:
    z, p = z_test(x1, n1, x2, n2)
    print(f'("{name}", {x1}, {n1}, {x2}, {n2}, {r(z)}, {r(p)}),')
print("// Student t two-sided p: (t, df, p)")
for t, df in [(0.0, 3.0), (1.0, 1.0), (2.0, 2.5), (-2.5, 7.0), (1.96, 1e6), (3.0, 40.0), (12.0, 100.0), (0.5, 1e7), (40.0, 30.0)]:
    print(f"({r(t)}, {r(df)}, {r(2 * stats.t.sf(abs(t), df))}),")
