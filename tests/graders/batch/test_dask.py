"""The same run on a Dask cluster (a distributed.LocalCluster here): identical verdicts, committed by this machine."""
from __future__ import annotations

import json
import os
import pathlib
import sqlite3
import subprocess
import sys

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (make test installs it)")
import dask  # noqa: E402 - only once distributed is known to be there

DERIVE = pathlib.Path(sys.executable).with_name("derive")


def derive(cwd: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    return subprocess.run([str(DERIVE), *args], capture_output=True, text=True, timeout=600, cwd=cwd, env=environment)


def without_timing(lines: str) -> list[dict]:
    return [{key: value for key, value in json.loads(line).items() if key != "elapsed_ms"} for line in lines.splitlines()]


@pytest.fixture(scope="module")
def cluster():
    # graded answers run in a child process of each worker, so the workers must be allowed children
    with dask.config.set({"distributed.worker.daemon": False}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                      silence_logs=40) as local:
            yield local.scheduler_address


def test_a_sweep_on_a_cluster_gives_the_local_runs_verdicts(tmp_path, cluster):
    pairs = [{"id": f"p{n}", "gold": f"{n}x^2+{n + 1}x", "pred": f"x({n}x+{n + 1})" if n % 3 else f"{n}x^2"}
             for n in range(1, 120)] + [{"id": "dup", "gold": "1x^2+2x", "pred": "x(1x+2)"}]
    (tmp_path / "pairs.jsonl").write_text("\n".join(map(json.dumps, pairs)) + "\n")
    local = derive(tmp_path, "compare", "--pairs", "pairs.jsonl", "--run", "local.sqlite", "--workers", "2")
    remote = derive(tmp_path, "compare", "--pairs", "pairs.jsonl", "--run", "cluster.sqlite", "--scheduler", cluster)
    assert local.returncode == 0 and remote.returncode == 0, remote.stderr
    assert without_timing(remote.stdout) == without_timing(local.stdout)
    assert sum(row["status"] == "incorrect" for row in without_timing(remote.stdout)) == 39
    with sqlite3.connect(tmp_path / "cluster.sqlite") as db:
        assert db.execute("SELECT COUNT(*), SUM(gradings) FROM verdicts").fetchone() == (119, 119)


def test_a_class_on_a_cluster_gives_the_local_runs_gradebook(tmp_path, cluster):
    rows = ["student,part,slot,answer"] + [f"s{n},hw3/5c,loaddisk_ns,{40 + n % 15}" for n in range(60)] + [
        f"s{n},hw3/1b,constant,{n % 4 + 1}/d_1" for n in range(60)]
    (tmp_path / "class.csv").write_text("\n".join(rows) + "\n")
    assert derive(tmp_path, "batch", "class.csv", "--run", "local.sqlite", "--quiet").returncode == 0
    remote = derive(tmp_path, "batch", "class.csv", "--run", "cluster.sqlite", "--quiet", "--scheduler", cluster)
    assert remote.returncode == 0, remote.stderr
    books = [derive(tmp_path, "export", run, "--format", "gradebook").stdout for run in ("local.sqlite",
                                                                                        "cluster.sqlite")]
    assert books[0] == books[1] and books[0].count("\n") == 61


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path):
    (tmp_path / "pairs.jsonl").write_text(json.dumps({"id": "a", "gold": "1", "pred": "1"}) + "\n")
    done = derive(tmp_path, "compare", "--pairs", "pairs.jsonl", "--run", "r.sqlite", "--scheduler",
                  "tcp://127.0.0.1:9")
    assert done.returncode == 2 and "cannot reach the Dask scheduler" in done.stderr
