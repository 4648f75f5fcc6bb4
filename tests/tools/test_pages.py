"""The page pipeline rejects what would let a page and its code drift apart."""

import pytest

from tools.pages import PageError, blocks_from_text, chains, uncollected_python_fences
from tools.runner import ChainJob, run_jobs

RULES = '--8<-- "snippets/ch1_ai_ml_dl/spam_detector.py:rules"'
RULES_DEMO = RULES + '\n--8<-- "snippets/ch1_ai_ml_dl/spam_detector.py:rules_demo"'
RULES_OUTPUT = '--8<-- "docs/ch1_ai_ml_dl/generated/spam_detector.rules_demo.txt"'


def page(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def fence(info: str, body: str) -> str:
    return f"```{info}\n{body}\n```"


OUTPUT_MARK = "<!--pytest-codeblocks:expected-output-->"
CONT_MARK = "<!--pytest-codeblocks:cont-->"


@pytest.mark.parametrize(
    "opener",
    ["```py", '```python title="x.py"', "~~~python", "```python3", "```{.python}", "```pycon"],
)
def test_python_fences_the_runner_would_skip_are_reported(opener):
    text = f"Intro\n\n{opener}\nprint(1)\n```\n"
    assert uncollected_python_fences(text) == [(3, opener)]
    with pytest.raises(PageError, match="would not be run by the tests"):
        blocks_from_text(text, "docs/x.md")


def test_plain_python_and_other_languages_are_fine():
    text = page(fence("python", "x = 1"), fence("shell", "make test"), fence("text", "hi"))
    assert uncollected_python_fences(text) == []


def test_missing_snippet_file_names_the_file():
    text = page(fence("python", '--8<-- "snippets/nowhere.py"'))
    with pytest.raises(
        PageError, match=r"docs/x.md: cannot expand includes: .*snippets/nowhere.py"
    ):
        blocks_from_text(text, "docs/x.md")


def test_missing_snippet_section_names_the_section():
    text = page(fence("python", '--8<-- "snippets/ch1_ai_ml_dl/spam_detector.py:no_such_section"'))
    with pytest.raises(PageError, match="no_such_section"):
        blocks_from_text(text, "docs/x.md")


def test_typed_output_is_rejected():
    text = page(fence("python", "print(1)"), OUTPUT_MARK, fence("text", "1"))
    with pytest.raises(PageError, match="typed into the page"):
        blocks_from_text(text, "docs/x.md")


def test_output_outside_a_generated_folder_is_rejected():
    text = page(fence("python", RULES), OUTPUT_MARK, fence("text", '--8<-- "requirements.txt"'))
    with pytest.raises(PageError, match=r"ch1_ai_ml_dl/generated/spam_detector\.rules\.txt"):
        blocks_from_text(text, "docs/ch1_ai_ml_dl/x.md")


def test_output_name_follows_the_section_rule():
    wrong = '--8<-- "docs/ch1_ai_ml_dl/generated/spam_detector.compare_demo.txt"'
    text = page(fence("python", RULES_DEMO), OUTPUT_MARK, fence("text", wrong))
    with pytest.raises(PageError, match=r"generated/<module>\.<section>\.txt"):
        blocks_from_text(text, "docs/ch1_ai_ml_dl/x.md")


def test_output_of_inline_code_is_rejected():
    text = page(fence("python", "print(1)"), OUTPUT_MARK, fence("text", RULES_OUTPUT))
    with pytest.raises(PageError, match="must end with an include of a named section"):
        blocks_from_text(text, "docs/ch1_ai_ml_dl/x.md")


def test_unclosed_fence_is_reported():
    with pytest.raises(PageError, match="cannot parse the code blocks"):
        blocks_from_text("```python\nprint(1)\n", "docs/x.md")


def test_cont_on_first_block_is_rejected():
    text = page(CONT_MARK, fence("python", "x = 1"))
    with pytest.raises(PageError, match="first Python block"):
        blocks_from_text(text, "docs/x.md")


def test_blocks_are_expanded_and_linked_to_their_output():
    text = page(
        fence("python", RULES_DEMO),
        OUTPUT_MARK,
        fence("text", RULES_OUTPUT),
        CONT_MARK,
        fence("python", 'print(is_spam_by_rules("act now"))'),
    )
    first, second = blocks_from_text(text, "docs/ch1_ai_ml_dl/x.md")
    assert "def is_spam_by_rules" in first.code
    assert first.output_file == "docs/ch1_ai_ml_dl/generated/spam_detector.rules_demo.txt"
    assert (first.index, first.lineno, first.continues) == (1, 1, False)
    assert second.continues and second.expected_output is None


def run_page(text: str) -> list[str]:
    """Every block's stdout, each chain run as tools/outputs.py runs it."""
    blocks = blocks_from_text(text, "docs/x.md")
    jobs = [ChainJob(c[0].page, c[0].index, tuple(b.code for b in c)) for c in chains(blocks)]
    results = run_jobs(jobs)
    return [out for job in jobs for out in results[job.id].stdouts]


def test_continued_blocks_share_a_namespace_and_keep_their_own_output():
    text = page(
        fence("python", "x = 20\nprint(x)"),
        CONT_MARK,
        fence("python", "def twice():\n    return 2 * x\nprint(twice())"),
        CONT_MARK,
        fence("python", "x = 21\nprint(twice())"),
        fence("python", "print('x' in globals())"),
    )
    assert run_page(text) == ["20\n", "40\n", "42\n", "False\n"]


def test_blocks_run_as_main_module():
    assert run_page(page(fence("python", "print(__name__)"))) == ["__main__\n"]


def test_each_chain_runs_in_its_own_process():
    """A print option or a global seed set by one chain never reaches the next."""
    text = page(
        fence(
            "python",
            "import numpy as np\nnp.set_printoptions(precision=1)\nprint(np.pi * np.ones(1))",
        ),
        fence("python", "import numpy as np\nprint(np.pi * np.ones(1))"),
        fence("python", "import sys\nsys.modules['json'] = None\nprint('patched')"),
        fence("python", "import json\nprint(json.dumps(1))"),
    )
    assert run_page(text) == ["[3.1]\n", "[3.14159265]\n", "patched\n", "1\n"]


def test_a_failing_block_is_reported_and_stops_its_chain():
    blocks = blocks_from_text(
        page(fence("python", "print(1)\n1 / 0"), CONT_MARK, fence("python", "print(2)")),
        "docs/x.md",
    )
    (job,) = [ChainJob("docs/x.md", 1, tuple(b.code for b in blocks))]
    result = run_jobs([job])[job.id]
    assert result.failed_block == 0 and "ZeroDivisionError" in result.error
    assert result.stdouts == ["1\n"]


def test_a_job_reports_the_project_files_it_read():
    text = page(fence("python", RULES_DEMO))
    blocks = blocks_from_text(text, "docs/ch1_ai_ml_dl/x.md")
    job = ChainJob("docs/ch1_ai_ml_dl/x.md", 1, (blocks[0].code + "\nopen('README.md').close()",))
    result = run_jobs([job])[job.id]
    assert result.error is None
    assert "README.md" in result.inputs


def test_stale_output_names_page_block_and_regenerate_command():
    text = page(fence("python", RULES_DEMO), OUTPUT_MARK, fence("text", RULES_OUTPUT))
    (block,) = blocks_from_text(text, "docs/ch1_ai_ml_dl/x.md")
    printed = block.expected_output.replace("False", "Maybe", 1)
    message = block.mismatch(printed)
    assert message.startswith(
        "docs/ch1_ai_ml_dl/x.md, block 1 (line 1; code from "
        "snippets/ch1_ai_ml_dl/spam_detector.py:rules, "
        "snippets/ch1_ai_ml_dl/spam_detector.py:rules_demo): the published output is stale"
    )
    assert "Run `make outputs`" in message
    assert "+" in message and "Maybe" in message
    assert block.mismatch(block.expected_output) is None
