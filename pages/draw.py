"""Draw: place majority and minority points by hand — a scene for SMOTE that travels inside its link.

With the Box tool a dragged box adds points of the chosen class (a tiny box adds one, a larger one scatters a few in
it), the Lasso removes the points inside it, with Click a click adds a point or removes the point clicked; Undo and
Clear. The drawing is a dataset like the built-ins, ``dataset=drawn:<code>`` (:mod:`smote_core.data.drawn`): every
page can show it, and the address of this page carries it too, so a reload keeps it.
"""

from functools import partial

import numpy as np
import streamlit as st

from pages import _shared as shared
from smote_core.data import datasets, drawn
from smote_core.views import draw as canvas
from smote_core.views.view_state import ViewState

CANVAS = "draw_canvas"  # the chart's key is CANVAS + a generation: a fresh chart, no selection left, after each edit
HISTORY = 100  # drawings Undo can go back to
CLASS_LABELS = {"majority": ":blue[●] majority", "minority": ":orange[◆] minority"}  # the canvas' colours
#: The tools, by the canvas' plotly drag mode. Streamlit sends a click only when the drag mode is neither a box nor a
#: lasso: "Click" sets "pan" (the axes are fixed, so a drag there does nothing).
TOOL_LABELS = {"select": "Box", "lasso": "Lasso", "pan": "Click"}
STARTS = {"empty": "Empty canvas", **{n: i.title for n, i in datasets.BUILTIN.items() if i.is_toy}}


# ---------------------------------------------------------------------------------------------- the drawing
def points() -> tuple[np.ndarray, np.ndarray]:
    """The session's drawing: ``(xy, minority)`` (empty without one)."""
    name = shared.drawing()
    if name is None:
        return np.empty((0, 2)), np.empty(0, dtype=bool)
    return drawn.decode(drawn.code_of(name))


def commit(xy, minority, note: str | None = None) -> None:
    """Make ``(xy, minority)`` the session's drawing, the one before it on the Undo stack; a fresh canvas."""
    before = shared.drawing()
    after = drawn.PREFIX + drawn.encode(xy, minority) if len(xy) else None
    if after != before:
        history = st.session_state.setdefault("draw_history", [])
        history.append(before)
        del history[:-HISTORY]
        shared.set_drawing(after)
    st.session_state["draw_note"] = note
    fresh_canvas()


def fresh_canvas() -> None:
    st.session_state["draw_generation"] = st.session_state.get("draw_generation", 0) + 1


def on_canvas(key: str) -> None:
    """A box, a lasso or a click on the canvas (chart ``key``): points added or removed, as
    :func:`smote_core.views.draw.selection_action` says."""
    state = st.session_state.get(key)
    selection = getattr(state, "selection", None) if state is not None else None
    if selection is None and isinstance(state, dict):
        selection = state.get("selection")
    xy, minority = points()
    history = st.session_state.get("draw_history", [])
    spray = int(st.session_state.get("d_spray", canvas.DEFAULT_SPRAY))
    action = canvas.selection_action(selection or {}, xy, spray=spray, seed=len(history) + len(xy))
    if action.kind == "none":
        return
    new_minority = st.session_state.get("d_class", "minority") == "minority"
    xy, minority, note = canvas.apply_action(xy, minority, action, new_minority)
    commit(xy, minority, note)


def undo() -> None:
    history = st.session_state.get("draw_history", [])
    if history:
        shared.set_drawing(history.pop())
    st.session_state["draw_note"] = None
    fresh_canvas()


def clear() -> None:
    commit(np.empty((0, 2)), np.empty(0, dtype=bool))


def start() -> None:
    """Start over from the picker's choice: an empty canvas or a small sample of a toy."""
    choice = st.session_state.get("d_start", "empty")
    if choice == "empty":
        clear()
        return
    xy, minority = drawn.from_toy(choice)
    commit(xy, minority, f"Started from a sample of {STARTS[choice]}: {len(xy)} points. Add, remove, or Undo.")


# ---------------------------------------------------------------------------------------------- layout
def sidebar() -> None:
    with st.sidebar:
        st.header("Start")
        st.selectbox("Start from", list(STARTS), key="d_start", format_func=STARTS.get,
                     help="An empty canvas, or a small sample of a toy dataset to change by hand.")
        st.button("Start over from it", key="d_start_now", on_click=start, icon=":material/restart_alt:",
                  help="Replaces the drawing (Undo brings it back).")
        st.header("Boxes")
        st.slider("Points a large box adds", 2, 20, canvas.DEFAULT_SPRAY, key="d_spray",
                  help=f"A tiny box (or a click) adds one point at its centre; a box wider than "
                  f"{canvas.SMALL_BOX:.0%} of the canvas scatters this many points inside it.")


def toolbar() -> str:
    """The class of new points, what a drag does, Undo and Clear; returns the drag mode for the canvas."""
    st.segmented_control("New points are", list(CLASS_LABELS), key="d_class", required=True, default="minority",
                         format_func=CLASS_LABELS.get, on_change=fresh_canvas, width="stretch")
    dragmode = st.segmented_control(
        "Tool", list(TOOL_LABELS), key="d_tool", required=True, default="select", format_func=TOOL_LABELS.get,
        on_change=fresh_canvas, width="stretch",
        help="Box: drag a box to add points of the chosen class. Lasso: draw around points to remove them. Click: "
        "click to add a point, or click a point to remove it.")
    spray = int(st.session_state.get("d_spray", canvas.DEFAULT_SPRAY))
    st.markdown({"select": f"**Drag a tiny box** to add a point, a larger one to add {spray}.",
                 "lasso": "**Draw around points** to remove them.",
                 "pan": "**Click** to add a point; **click a point** to remove it."}[dragmode or "select"])
    undo_col, clear_col = st.columns(2)
    undo_col.button("Undo", key="d_undo", on_click=undo, icon=":material/undo:", width="stretch",
                    disabled=not st.session_state.get("draw_history"))
    clear_col.button("Clear", key="d_clear", on_click=clear, icon=":material/delete:", width="stretch",
                     disabled=shared.drawing() is None)
    return dragmode or "select"


def status(view: ViewState, xy, minority) -> None:
    """How many points of each class, what SMOTE still needs, the limit, and where the drawing can go next."""
    n_min = int(minority.sum())
    a, b = st.columns(2)
    a.metric(":blue[●] Majority", f"{len(xy) - n_min}")
    b.metric(":orange[◆] Minority", f"{n_min}")
    st.caption(f"{len(xy)} of at most {drawn.MAX_POINTS} points.")
    if len(xy) >= drawn.MAX_POINTS:
        st.warning(f"The drawing is full: {drawn.MAX_POINTS} points is the most a link carries. Remove some "
                   "with the lasso to add others.", icon=":material/block:")
    need = drawn.readiness(minority, view.k)
    if need:
        st.info(need, icon=":material/edit:")
    if not drawn.can_resample(minority):
        return
    if st.button("Explore this drawing", type="primary", key="d_explore", icon=":material/scatter_plot:",
                 width="stretch"):
        shared.write_view(view, page="explore")
    with st.expander("Share this drawing", icon=":material/share:"):
        st.code(shared.share_link("explore", view), language=None, wrap_lines=True)
        st.caption("The link carries the points themselves: whoever opens it sees exactly this drawing, on "
                   "any page.")


def drawn_view(view: ViewState) -> ViewState:
    """The view this page writes: the drawing as the dataset, drawn in its own two features (as on the canvas)."""
    name = shared.drawing()
    if name is None:
        dataset = view.dataset if not drawn.is_drawn(view.dataset) else ViewState().dataset
        return view.replace(dataset=dataset)
    return view.replace(dataset=name, projection="raw", fx="x", fy="y", n=None, point=None, sample=None, step=None)


def main() -> None:
    shared.ensure_router()
    view, link_warnings, _ = shared.view_state(any_drawing=True)  # a drawing too small to resample grows here
    st.title("Draw your own data")
    shared.lesson_banner(view)
    for w in link_warnings:
        st.warning(w, icon="⚠️")
    sidebar()
    view = drawn_view(view)
    shared.write_view(view)  # the address carries the drawing: a reload keeps it
    left, right = st.columns([5, 2], gap="medium")
    with right:
        dragmode = toolbar()
    xy, minority = points()
    with left:
        new_minority = st.session_state.get("d_class", "minority") == "minority"
        key = f"{CANVAS}_{st.session_state.get('draw_generation', 0)}"
        st.plotly_chart(canvas.canvas_figure(xy, minority, dragmode=dragmode, new_class_minority=new_minority,
                                             uirevision=key),
                        key=key, on_select=partial(on_canvas, key), selection_mode=("points", "box", "lasso"),
                        config={"displaylogo": False, "scrollZoom": False}, theme=None)
        note = st.session_state.get("draw_note")
        if note and "at most" in note:  # the point limit: said plainly
            st.warning(note, icon=":material/block:")
        elif note:
            st.caption(note)
    with right:
        status(view, xy, minority)


main()
