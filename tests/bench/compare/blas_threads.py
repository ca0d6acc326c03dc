"""Imported before torch by the compare scripts: OpenBLAS's own thread pool
ignores torch.set_num_threads, so, like the C++ benchmarks' --blas-threads
(default: --threads), set it through OPENBLAS_NUM_THREADS before torch loads."""
import os
import sys


def _arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv[:-1] else default


_blas = _arg("--blas-threads", "0")
os.environ["OPENBLAS_NUM_THREADS"] = _blas if _blas != "0" else _arg("--threads", "1")
