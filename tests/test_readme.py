"""The README's facts that the code also holds stay in step with it."""

from pathlib import Path

from smote_core.samplers.registry import SAMPLERS, markdown_table

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_the_sampler_table_is_the_registry():
    start, end = "<!-- samplers:start -->", "<!-- samplers:end -->"
    assert start in README and end in README, "README.md lost the markers around its sampler table"
    table = README.split(start, 1)[1].split(end, 1)[0].strip()
    assert table == markdown_table(), (
        "README.md's sampler table differs from smote_core.samplers.registry.SAMPLERS; paste the output of "
        "`python -c 'from smote_core.samplers.registry import markdown_table; print(markdown_table())'`"
    )
    assert all(f"`{key}`" in table for key in SAMPLERS)


def test_the_readme_shows_the_two_commands():
    assert "make run" in README and "make test" in README
