"""The websocket classroom client (benchmarks/ws_student.py, benchmarks/classroom.py) against real servers.

Not timed: nothing here asserts a latency. A ``streamlit run app.py`` on a free port plays the lesson; a second,
tiny script (written to a temporary folder) raises or sleeps on request, to show that an exception in the page and a
rerun that never ends are counted as errors — and that a page that works is not.
"""

from __future__ import annotations

import textwrap

import pytest

from benchmarks import classroom
from benchmarks.ws_student import Student, run_coroutine

LESSON = "/explore?dataset=moons&k=5&seed=0"
K_LABEL = "k (nearest neighbours)"


@pytest.fixture(scope="module")
def app_base():
    """The app, as ``make run`` starts it, on a free port; stopped after this module."""
    with classroom.AppServer() as server:
        yield server.base


def test_two_students_open_the_lesson_and_every_k_they_send_is_the_one_the_server_ends_with(app_base):
    r = classroom.run(2, 8, LESSON, base=app_base, think=(0.3, 0.8), seed=1, timeout=60)
    assert r["errors_total"] == 0, r["error_samples"]
    assert r["opened"] == 2
    for s in r["per_student"]:
        assert s["opened"], s
        assert s["k_changes"] >= 2, s
        # The URL the app wrote (page_info_changed) and the slider both end on the last k sent.
        assert s["k_in_url"] == str(s["k_last_sent"]), s
        assert s["k_slider"] == s["k_last_sent"], s
    assert r["rerun"]["n"] == r["k_changes"]  # every k change ended with a script_finished of its own
    assert r["bytes_per_rerun_p50"] > 10_000  # each rerun brought the page (the figure alone is tens of kB)
    section = classroom.report([r])
    assert f"| {r['label']} | 2 | `{LESSON}` | {r['k_changes']:,} |" in section


def test_a_student_mirrors_the_browser_widgets_query_string_and_page(app_base):
    """One student, step by step: the widgets it tracks, the state it sends, what the server made of it."""

    async def lesson(base):
        async with Student(base, name="one") as s:
            opened = await s.open("/?dataset=moons&k=4&seed=3")  # `/` switches to Explore: two runs, one request
            first = (opened.ok, opened.runs, s.page_name, s.query_params.get("k"), s.query_params.get("seed"))
            slider = s.widget(label=K_LABEL)
            keys = {w.key for w in s.widgets.values()}
            seed = s.widget(key="w_seed")
            before = (slider.key, slider.value, seed.value, s.widget(key="w_pick").state.WhichOneof("value"))
            moved = await s.set_slider(slider, 9, "k")
            shown = [el.body for kind, el in s.elements if kind == "markdown" and el.body.startswith("**k:**")]
            after = {w.key for w in s.widgets.values()}
            return first, keys, before, moved, shown, dict(s.query_params), s.errors, s.cookies, after

    first, keys, before, moved, shown, query, errors, cookies, after = run_coroutine(lesson(app_base))
    assert errors == []
    ok, runs, page, k, seed = first
    assert (ok, page, k, seed) == (True, "explore", "4", "3")
    assert runs >= 2  # Home's run ends FINISHED_EARLY_FOR_RERUN (st.switch_page), then Explore runs
    assert {"w_k", "w_seed", "w_dataset", "w_ratio", "w_pick"} <= keys
    assert before == ("w_k", [4.0], 3, None)  # an int slider holds one double; w_pick (value=None) sends no value
    assert moved.ok and moved.runs == 1 and moved.latency > 0
    # k lives in Explore's picture fragment: only the fragment reran, and the sidebar's widgets are still there
    assert moved.fragment and moved.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
    assert keys == after
    assert query["k"] == "9" and query["seed"] == "3" and query["dataset"] == "moons"
    assert shown and shown[0].startswith("**k:** 9 ·"), shown  # the page itself says k = 9
    assert "_streamlit_xsrf" in cookies  # kept from the health check and sent on the websocket


TINY = textwrap.dedent("""\
    import time

    import streamlit as st

    st.slider("level", 0, 10, 3, key="level")
    if st.query_params.get("boom"):
        raise ValueError("boom from the tiny page")
    if st.query_params.get("sleep"):
        time.sleep(float(st.query_params["sleep"]))
    st.write("fine")
""")


def test_an_exception_in_the_page_and_a_rerun_that_never_ends_are_errors(tmp_path):
    (tmp_path / "tiny.py").write_text(TINY)

    async def visits(base):
        async with Student(base, name="fine") as fine:
            ok = await fine.open("/")
            level = await fine.set_slider(fine.widget(key="level"), 7, "level")
        async with Student(base, name="boom") as boom:
            failed = await boom.open("/?boom=1")
        async with Student(base, name="slow", timeout=1.0) as slow:
            stuck = await slow.open("/?sleep=4")
        return (ok, level, fine.errors), (failed, boom.errors), (stuck, slow.errors, slow.alive)

    with classroom.AppServer(script=str(tmp_path / "tiny.py"), cwd=tmp_path) as server:
        (ok, level, fine_errors), (failed, boom_errors), (stuck, slow_errors, alive) = run_coroutine(
            visits(server.base))
    assert ok.ok and level.ok and fine_errors == []
    # An uncaught exception ends the run "successfully": only the exception element tells.
    assert failed.status == "FINISHED_SUCCESSFULLY" and not failed.ok
    assert [kind for kind, _ in boom_errors] == ["exception"]
    assert "boom from the tiny page" in boom_errors[0][1]
    assert stuck.latency is None and [kind for kind, _ in slow_errors] == ["timeout"] and not alive
