"""Helpers for the real-browser tests: wait for Streamlit, read the plotly traces, take screenshots."""

from __future__ import annotations

from pathlib import Path

SHOTS = Path(__file__).resolve().parent / "screenshots"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def wait_for_app(pg, timeout: int = 90_000) -> None:
    """Wait until the script has finished its run and nothing is still loading."""
    pg.wait_for_timeout(300)  # let a rerun that was just triggered start
    pg.wait_for_selector(IDLE, timeout=timeout)
    pg.wait_for_function("() => !document.querySelector(\"[data-testid='stSkeleton']\")", timeout=timeout)


def open_app(pg, base: str, path: str) -> None:
    pg.goto(base + path)
    wait_for_app(pg)


def plotly_traces(pg) -> list[dict]:
    """The traces drawn in the first plotly chart: name, type, mode, x and y."""
    pg.wait_for_function(
        "() => { const g = document.querySelector('.js-plotly-plot'); return g && g._fullData && g._fullData.length }"
    )
    return pg.evaluate(
        """() => document.querySelector('.js-plotly-plot')._fullData.map(t => ({
            name: t.name, type: t.type, mode: t.mode,
            x: Array.from(t.x || [], v => (v === null || Number.isNaN(v)) ? null : v),
            y: Array.from(t.y || [], v => (v === null || Number.isNaN(v)) ? null : v),
            customdata: t.customdata ? Array.from(t.customdata, r => Array.from(r)) : null,
        }))"""
    )


def trace(pg, name_part: str) -> dict:
    found = [t for t in plotly_traces(pg) if name_part in (t["name"] or "")]
    assert found, f"no trace named like {name_part!r}"
    return found[0]


def screenshot(pg, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


def no_exception(pg) -> None:
    assert pg.locator("[data-testid='stException']").count() == 0, pg.locator(
        "[data-testid='stException']"
    ).first.inner_text()
