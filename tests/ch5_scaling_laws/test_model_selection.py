import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.ch5_scaling_laws.model_selection import TASKS, Recommendation, recommend_model


@pytest.mark.parametrize("task", sorted(TASKS))
def test_every_known_task_gets_its_size_class(task):
    rec = recommend_model(task)
    assert isinstance(rec, Recommendation)
    assert rec.task == task
    assert rec.size == TASKS[task][0]
    assert rec.size in {"small", "large"}


def test_simple_tasks_get_small_models_and_reasoning_gets_large_ones():
    assert recommend_model("sentiment_analysis").size == "small"
    assert recommend_model("high_volume_simple").size == "small"
    assert recommend_model("multi_step_reasoning").size == "large"


def test_task_names_are_normalised():
    assert recommend_model("  Multi-Step Reasoning ").task == "multi_step_reasoning"


def test_in_house_data_means_self_hosted_for_every_task():
    for task in TASKS:
        assert recommend_model(task, data_must_stay_in_house=True).deployment.startswith(
            "self-hosted"
        )
    assert "hosted API" in recommend_model("code_generation").deployment


def test_unknown_task_is_a_clear_error_that_lists_the_known_ones():
    with pytest.raises(
        ValueError, match="unknown task 'protein_folding'; known tasks: code_generation"
    ):
        recommend_model("protein_folding")


def test_bad_argument_types():
    with pytest.raises(TypeError, match="task must be a str"):
        recommend_model(None)
    with pytest.raises(TypeError, match="data_must_stay_in_house must be True or False"):
        recommend_model("code_generation", data_must_stay_in_house="yes")


# Property-based checks: an unknown or badly typed task is a clear error that
# names the argument, never a silent guess.

FAST = settings(derandomize=True, max_examples=50, deadline=None)


def _key(task: str) -> str:
    return task.strip().lower().replace("-", "_").replace(" ", "_")


@FAST
@given(task=st.text(max_size=25).filter(lambda t: _key(t) not in TASKS))
def test_any_unknown_task_is_refused_with_the_known_list(task):
    with pytest.raises(ValueError, match=r"unknown task .*; known tasks: code_generation"):
        recommend_model(task)


@FAST
@given(
    task=st.sampled_from(sorted(TASKS)),
    style=st.sampled_from([str.upper, str.title, lambda t: t.replace("_", " "), str.strip]),
    pad=st.sampled_from(["", " ", "  \t"]),
    in_house=st.booleans(),
)
def test_known_tasks_are_found_however_they_are_written(task, style, pad, in_house):
    rec = recommend_model(pad + style(task) + pad, data_must_stay_in_house=in_house)
    assert rec.task == task
    assert rec.size == TASKS[task][0]
    assert rec.deployment.startswith("self-hosted") or not in_house


@FAST
@given(task=st.one_of(st.none(), st.integers(), st.lists(st.text(), max_size=2)))
def test_a_task_that_is_not_a_str_is_a_type_error(task):
    with pytest.raises(TypeError, match="task must be a str"):
        recommend_model(task)
