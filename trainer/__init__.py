"""trainer: an offline rehearsal coach for informational-interview phone calls."""

import os

# numpy's BLAS threads fight the recogniser's for two cores: the classifier's small matrices
# ran 2x slower with two threads on a busy machine (benchmarks/bench_understanding.py). Set
# before numpy is imported anywhere in trainer; a user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
