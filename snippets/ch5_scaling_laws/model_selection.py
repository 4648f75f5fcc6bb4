"""Choosing a model size for a task: use the smallest model that is good enough.

Chapter 5 of the course ("Scaling laws", section 5.4). Run the file to see
the demo:

    python snippets/ch5_scaling_laws/model_selection.py
"""

# --8<-- [start:recommend]
from dataclasses import dataclass


@dataclass(frozen=True)
class Recommendation:
    task: str
    size: str  # "small" (about 1B-8B parameters) or "large" (70B+ or frontier)
    deployment: str
    why: str


# task -> (size class, why). Sizes are starting points to evaluate, not
# verdicts.
TASKS = {
    "sentiment_analysis": (
        "small",
        "classification is well served by a fine-tuned small model "
        "(or a BERT-style encoder)",
    ),
    "entity_extraction": (
        "small",
        "pulling structured fields out of text works well with a "
        "small model plus fine-tuning",
    ),
    "high_volume_simple": (
        "small",
        "at millions of requests, the cost and latency of each "
        "request dominate",
    ),
    "code_generation": (
        "large",
        "non-trivial code needs strong reasoning and broad knowledge",
    ),
    "multi_step_reasoning": (
        "large",
        "multi-step reasoning is where large models, and reasoning "
        "models that think longer at inference time, pull ahead",
    ),
    "creative_writing": (
        "large",
        "open-ended writing benefits from broad knowledge and "
        "instruction following",
    ),
}


def recommend_model(
    task: str, *, data_must_stay_in_house: bool = False
) -> Recommendation:
    """Recommend a model size class for a known task.

    An unknown task raises ValueError (listing the known ones) instead of
    guessing: for a new kind of task, the honest answer is to evaluate
    candidates on it.
    """
    if not isinstance(task, str):
        raise TypeError(f"task must be a str, got {type(task).__name__}")
    if not isinstance(data_must_stay_in_house, bool):
        raise TypeError("data_must_stay_in_house must be True or False")
    key = task.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in TASKS:
        raise ValueError(
            f"unknown task {task!r}; known tasks: {', '.join(sorted(TASKS))}. "
            "For any other task, evaluate the smallest candidate model on "
            "your own examples first and move up only if its quality is not "
            "good enough."
        )
    size, why = TASKS[key]
    if data_must_stay_in_house:
        deployment = "self-hosted open-weights model on your own hardware" + (
            ": the largest one your GPUs can serve" if size == "large" else ""
        )
    elif size == "small":
        deployment = (
            "self-hosted open-weights model, or a hosted API's smallest tier"
        )
    else:
        deployment = (
            "hosted API model, or a self-hosted 70B+ open-weights model"
        )
    return Recommendation(key, size, deployment, why)


# --8<-- [end:recommend]


if __name__ == "__main__":
    # --8<-- [start:demo]
    import textwrap

    def show(text: str, indent: str = "  ") -> None:
        print(
            textwrap.fill(
                text,
                80,
                break_on_hyphens=False,
                initial_indent=indent,
                subsequent_indent="    ",
            )
        )

    for task in (
        "sentiment_analysis",
        "code_generation",
        "multi-step reasoning",
    ):
        rec = recommend_model(task)
        print(f"{rec.task}: {rec.size}")
        show(f"where: {rec.deployment}")
        show(f"why: {rec.why}")

    rec = recommend_model("code_generation", data_must_stay_in_house=True)
    print(f"{rec.task}, data must stay in-house: {rec.size}")
    show(f"where: {rec.deployment}")

    try:
        recommend_model("protein_folding")
    except ValueError as error:
        show(f"ValueError: {error}", indent="")
    # --8<-- [end:demo]

    # --8<-- [start:quiz]
    rec = recommend_model("Entity extraction", data_must_stay_in_house=True)
    print(f"{rec.task} -> {rec.size}")
    print(rec.deployment)
    # --8<-- [end:quiz]
