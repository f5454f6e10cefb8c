"""dlstats: the statistics behind attention scaling, He initialisation, dropout, Adam and softmax."""
from __future__ import annotations

from derive import problem_set

from . import adam, attention, dropout, he_init, sample_mean, softmax

PROBLEM_SET = problem_set("dlstats", "Statistics of deep-learning building blocks", attention, he_init, dropout,
                          adam, softmax, sample_mean)
