"""The training record (snippets/ch2_mnist/runs.py): its key, its file, its rules.

Nothing here trains: `run_training` is replaced by a stand-in wherever a run
would be trained.
"""

from __future__ import annotations

import json
import os
import platform

import numpy as np
import pytest

from snippets.ch2_mnist import mnist_mlp, runs


def _key(name: str = "main") -> str:
    return runs.run_key(runs.RUNS[name])


# ---------------------------------------------------------------- the key


def test_key_covers_every_function_the_run_reaches():
    sources = runs.code_sources()
    module = "snippets.ch2_mnist.mnist_mlp"
    # Reached only through other functions: train -> _forward -> softmax,
    # load_mnist -> read_mnist_file -> parse_idx, and a module constant.
    # train's loop calls the unchecked steps (_forward, _backward...).
    for name in ("train", "forward", "_forward", "softmax", "relu", "sigmoid",
                 "_cross_entropy", "_backward", "_sgd_update", "parse_idx",
                 "split_off_validation", "check_images", "MNIST_FILES",
                 "ACTIVATIONS"):  # fmt: skip
        assert f"{module}.{name}" in sources, name
    assert "snippets.ch2_mnist.runs.run_training" in sources
    # The demo below `if __name__ == "__main__":` is no input of a run.
    assert not any("loader_demo" in text for text in sources.values())
    # Paths are stored relative to the repository: the key is the same in any clone.
    assert all("/work/" not in text for text in sources.values())


def _softmax_variant(logits):
    logits -= logits.max(axis=1, keepdims=True)
    np.exp(logits, out=logits)
    logits /= logits.sum(axis=1, keepdims=True) + 0  # one more operation
    return logits


def test_key_changes_when_a_called_function_changes(monkeypatch):
    before = _key()
    monkeypatch.setattr(mnist_mlp, "softmax", _softmax_variant)
    assert _key() != before


def test_key_changes_when_a_constant_the_code_reads_changes(monkeypatch):
    before = _key()
    monkeypatch.setattr(mnist_mlp, "ACTIVATIONS", ("relu", "sigmoid", "tanh"))
    assert _key() != before


def test_key_ignores_comments_and_docstrings():
    plain = "def f(x):\n    return x + 1\n"
    commented = 'def f(x):\n    """Add one."""\n    # why: because\n    return x + 1  # here\n'
    assert runs.normalized(plain) == runs.normalized(commented)
    assert runs.normalized(plain) != runs.normalized(plain.replace("1", "2"))


@pytest.mark.parametrize("setting", sorted(runs.BASE))
def test_key_changes_with_each_setting(setting):
    changed = dict(runs.BASE)
    value = changed[setting]
    changed[setting] = (
        [*value, 10] if isinstance(value, list)
        else value + "x" if isinstance(value, str)
        else value + 1
    )  # fmt: skip
    assert runs.run_key(changed) != runs.run_key(runs.BASE)


def test_key_changes_with_the_data_checksums(monkeypatch):
    before = _key()
    name, _ = mnist_mlp.MNIST_FILES["test_labels"]
    monkeypatch.setitem(mnist_mlp.MNIST_FILES, "test_labels", (name, "0" * 64))
    assert _key() != before


def test_key_checksums_are_the_shipped_sha256sums():
    listed = (runs.ROOT / "data" / "mnist" / "SHA256SUMS").read_text().split()
    assert runs.data_checksums() == dict(zip(listed[1::2], listed[::2], strict=True))


@pytest.mark.parametrize("target, attribute", [(np, "__version__"), (platform, "python_version")])
def test_key_changes_with_library_versions(monkeypatch, target, attribute):
    before = _key()
    if attribute == "python_version":
        monkeypatch.setattr(platform, "python_version", lambda: "3.99.0")
    else:
        monkeypatch.setattr(np, "__version__", "0.0.1")
    assert _key() != before


def test_every_run_has_its_own_key():
    keys = [runs.run_key(config) for config in runs.RUNS.values()]
    assert len(set(keys)) == len(keys)


# ---------------------------------------------------------------- the record file


@pytest.fixture
def fake_training(monkeypatch):
    """run_training replaced by a stand-in that records which runs it trained."""
    trained = []

    def stand_in(config, data):
        trained.append(config)
        return {"config": config, "history": {}}

    monkeypatch.setattr(runs, "run_training", stand_in)
    monkeypatch.setattr(runs, "load_data", lambda folder=None: "data")
    monkeypatch.delenv("MNIST_TRAIN", raising=False)
    monkeypatch.delenv("MNIST_RETRAIN", raising=False)
    return trained


def test_missing_runs_need_an_explicit_setting(tmp_path, fake_training):
    path = tmp_path / "record.json"
    with pytest.raises(runs.StaleRunError) as caught:
        runs.runs(record_path=path)
    message = str(caught.value)
    assert "'main' (missing)" in message and "MNIST_TRAIN=1" in message
    assert "tools.outputs ch2_mnist" in message
    assert fake_training == [] and not path.exists()


def test_training_is_allowed_by_mnist_train(tmp_path, fake_training, monkeypatch):
    path = tmp_path / "record.json"
    monkeypatch.setenv("MNIST_TRAIN", "1")
    result = runs.runs(record_path=path)
    assert len(fake_training) == len(runs.RUNS)
    stored = json.loads(path.read_text())
    assert list(result) == list(runs.RUNS) and stored == result
    assert stored["main"]["key"] == _key()
    # Fresh now: a second call trains nothing, even without the setting.
    monkeypatch.delenv("MNIST_TRAIN")
    fake_training.clear()
    assert runs.runs(record_path=path) == result and fake_training == []


def test_stale_run_is_named_and_not_trained(tmp_path, fake_training):
    path = tmp_path / "record.json"
    runs.runs(allow_training=True, record_path=path)
    record = json.loads(path.read_text())
    record["sigmoid"]["key"] = "old"
    path.write_text(json.dumps(record))
    fake_training.clear()
    with pytest.raises(runs.StaleRunError, match=r"'sigmoid' \(stale\)"):
        runs.runs(record_path=path)
    assert fake_training == []


def test_retrain_names_only_those_runs(tmp_path, fake_training, monkeypatch):
    path = tmp_path / "record.json"
    runs.runs(allow_training=True, record_path=path)
    fake_training.clear()
    monkeypatch.setenv("MNIST_RETRAIN", "sigmoid, lr_1.0")
    runs.runs(record_path=path)
    assert fake_training == [runs.RUNS["lr_1.0"], runs.RUNS["sigmoid"]]


@pytest.mark.parametrize("value", ["sigmoids", "main,tree_hidden", "ALL"])
def test_retrain_rejects_unknown_names(value):
    with pytest.raises(ValueError, match="MNIST_RETRAIN names unknown runs"):
        runs.requested_retrain(value)


def test_each_run_is_saved_as_soon_as_it_finishes(tmp_path, fake_training, monkeypatch):
    path = tmp_path / "record.json"
    real = runs.run_training

    def fails_on_the_third(config, data):
        if len(fake_training) == 2:
            raise RuntimeError("the machine went away")
        return real(config, data)

    monkeypatch.setattr(runs, "run_training", fails_on_the_third)
    with pytest.raises(RuntimeError, match="went away"):
        runs.runs(allow_training=True, record_path=path)
    assert sorted(json.loads(path.read_text())) == sorted(list(runs.RUNS)[:2])
    # The next call trains only what is missing.
    monkeypatch.setattr(runs, "run_training", real)
    fake_training.clear()
    runs.runs(allow_training=True, record_path=path)
    assert fake_training == list(runs.RUNS.values())[2:]


def test_a_failed_write_leaves_the_record_whole(tmp_path, fake_training, monkeypatch):
    path = tmp_path / "record.json"
    runs.runs(allow_training=True, record_path=path)
    before = path.read_bytes()

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # fails mid-write
    with pytest.raises(OSError, match="No space"):
        runs.runs(retrain="main", record_path=path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]  # no leftovers


@pytest.mark.parametrize("text", ['{"main": {"key": "ab', "[1, 2]", '{"main": 3}', "\x00\xff"])
def test_a_damaged_record_names_its_file(tmp_path, text):
    path = tmp_path / "record.json"
    path.write_text(text, encoding="latin-1")
    with pytest.raises(runs.RecordError, match=r"record\.json is not .*git checkout"):
        runs.load_record(path)


def test_data_folder_follows_mnist_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("MNIST_DIR", str(tmp_path))
    assert runs.data_dir() == tmp_path
    with pytest.raises(mnist_mlp.MNISTFileError, match=str(tmp_path)):
        runs.load_data()
    monkeypatch.delenv("MNIST_DIR")
    assert runs.data_dir() == runs.ROOT / "data" / "mnist"


def test_record_lives_outside_the_published_and_pruned_folders():
    rel = runs.RECORD_PATH.relative_to(runs.ROOT)
    assert rel.parts[0] == "data" and "generated" not in rel.parts
    assert rel.suffix == ".json"
