"""The benchmark's record that the MNIST page's Speed section publishes.

The record (data/runs/mnist_speed.json, written by `benchmarks/mnist_speed.py --save`)
must have measured the current trainer, and each sentence the page builds on it must
fail the build when the figures stop supporting it.
"""

from __future__ import annotations

import copy
import json

import pytest

from snippets.ch2_mnist import publish
from tools.outputs import Artifacts


@pytest.fixture(scope="module")
def record():
    return publish.load_speed_record()


def test_the_committed_record_measured_the_current_trainer(record):
    assert record["trainer_key"]  # load_speed_record checked it against the code


def test_a_record_of_another_trainer_is_refused_with_the_command(record, tmp_path):
    stale = dict(record, trainer_key="0" * 16)
    path = tmp_path / "mnist_speed.json"
    path.write_text(json.dumps(stale))
    with pytest.raises(publish.StaleSpeedRecord, match="--profile --save"):
        publish.load_speed_record(path)


def test_the_record_publishes_its_table_and_figures(record):
    out = Artifacts("ch2_mnist")
    publish._publish_speed(out, record)
    assert out.values["speed.date"] == record["measured"]
    phases = [out.values[f"speed.phase.{p}"] for p in record["profile"]["cpu_seconds"]]
    assert all(share.endswith("%") for share in phases)


def test_a_numpy_round_slower_than_pytorch_breaks_the_faster_claim(record):
    changed = copy.deepcopy(record)
    timings = changed["threads"].values()
    # One factor for both thread counts, so their ratio (another claim) is unchanged.
    factor = 1.01 * max(
        max(t["torch"]["seconds_per_epoch"]) / min(t["numpy"]["seconds_per_epoch"]) for t in timings
    )
    for timing in timings:
        seconds = timing["numpy"]["seconds_per_epoch"]
        timing["numpy"]["seconds_per_epoch"] = [t * factor for t in seconds]
    with pytest.raises(ValueError, match="less time per epoch than PyTorch"):
        publish._publish_speed(Artifacts("ch2_mnist"), changed)


def test_two_threads_twice_as_fast_breaks_the_scaling_claim(record):
    changed = copy.deepcopy(record)
    one = changed["threads"]["1"]["numpy"]["seconds_per_epoch"]
    changed["threads"]["2"]["numpy"]["seconds_per_epoch"] = [t / 2.5 for t in one]
    with pytest.raises(ValueError, match="neither trainer runs twice as fast"):
        publish._publish_speed(Artifacts("ch2_mnist"), changed)


def test_a_higher_pytorch_peak_share_breaks_the_overhead_claim(record):
    changed = copy.deepcopy(record)
    changed["threads"]["1"]["torch"]["peak_share"] = 1.0
    with pytest.raises(ValueError, match="smaller share of the peak"):
        publish._publish_speed(Artifacts("ch2_mnist"), changed)
