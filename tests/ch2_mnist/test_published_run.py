"""The published MNIST training record is fresh, and a re-run reproduces it.

The page publishes the log of real 20-epoch runs, kept in the training record
(snippets/ch2_mnist/runs.py, data/runs/ch2_mnist_training_runs.json). Float32
training on another CPU or BLAS library rounds differently, so the re-run is
compared within the tolerances the page states: validation accuracy within
ACCURACY_TOLERANCE_POINTS percentage points and training loss within
LOSS_TOLERANCE_RELATIVE, at every logged epoch, and the test accuracy of the
kept epoch within the same points.

The re-run is the one training in the test suite. It calls the same function
as the record (`runs.run_training`) with one BLAS thread: results don't depend
on the thread count here, and one thread keeps its time steady (about 10 s on
the 2-core reference machine) even when other processes compete for the cores.
"""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from snippets.ch2_mnist import runs


@pytest.fixture(scope="module")
def record():
    stored = runs.load_record()
    if not stored:
        pytest.fail(f"{runs.RECORD_PATH} is missing; run {runs.TRAIN_COMMAND}", pytrace=False)
    return stored


def test_record_is_fresh_for_the_current_code(record, monkeypatch):
    monkeypatch.delenv("MNIST_RETRAIN", raising=False)
    runs.runs(allow_training=False)  # raises StaleRunError, naming the runs


def test_published_figures_are_consistent(record):
    main = record["main"]
    assert main["config"] == runs.BASE
    confusion = np.array(main["confusion"])
    assert confusion.sum() == 10000
    assert np.trace(confusion) / 10000 == pytest.approx(main["test"]["accuracy"])
    logged = [int(line.split("/")[0].split()[-1]) for line in main["log"]]
    assert logged == list(runs.LOG_EPOCHS)
    assert all(item["label"] != item["predicted"] for item in main["misclassified"])
    for run in record.values():
        accuracy = run["history"]["val_accuracy"]
        assert accuracy[run["best_epoch"] - 1] == max(accuracy)
        assert run["n_train"] == 50000 and run["n_validation"] == 10000


def test_rerun_reproduces_the_published_log(record):
    main = record["main"]
    with threadpool_limits(limits=1):
        rerun = runs.run_training(main["config"], runs.load_data())
    points = runs.ACCURACY_TOLERANCE_POINTS
    for epoch in runs.LOG_EPOCHS:
        i = epoch - 1
        published_acc = main["history"]["val_accuracy"][i]
        acc = rerun["history"]["val_accuracy"][i]
        published_loss = main["history"]["train_loss"][i]
        loss = rerun["history"]["train_loss"][i]
        assert abs(acc - published_acc) * 100 <= points, (
            f"epoch {epoch}: validation accuracy {acc:.2%} vs published {published_acc:.2%}"
        )
        assert abs(loss - published_loss) <= runs.LOSS_TOLERANCE_RELATIVE * published_loss, (
            f"epoch {epoch}: training loss {loss:.4f} vs published {published_loss:.4f}"
        )
    test_acc, published_test = rerun["test"]["accuracy"], main["test"]["accuracy"]
    assert abs(test_acc - published_test) * 100 <= points, (
        f"test accuracy {test_acc:.2%} vs published {published_test:.2%}"
    )
