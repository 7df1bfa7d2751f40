"""Keeping the view a person chose — a 2-D zoom or pan, a 3-D camera — when Streamlit draws a new plot. No Streamlit.

Plotly's ``uirevision`` keeps a zoom or a camera only while the *same* plot is updated in place. Streamlit (1.67)
names a chart by its figure, so a k, ratio or seed change (new data in the figure) mounts a brand-new plot and the
view is lost. :data:`KEEP_VIEW_JS`, put on the page once, remembers the view of every plot whose ``uirevision``
:func:`revision` made, by that ``uirevision``, and puts it back on a new plot with the same one. So the
``uirevision`` names the *picture*: the data, the projection drawn, its features and its units — what decides
where a point is drawn — and not what is drawn there (the sampler, k, the ratio, the seed, a selected point).

Examples
--------
>>> a = revision("explore", "builtin:moons", "raw", (0, 1), "raw")
>>> a
'keep-view|explore|builtin:moons|raw|0,1|raw'
>>> a == revision("explore", "builtin:moons", "pca", None, "raw")
False
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["KEEP_VIEW_JS", "PREFIX", "revision"]

#: Every ``uirevision`` :func:`revision` makes starts with this; :data:`KEEP_VIEW_JS` leaves other plots alone
#: (the births animation, Learn's and Draw's figures keep plotly's own behaviour).
PREFIX = "keep-view|"


def revision(place: str, data_key: str, method: str, features: Sequence[int] | None = None,
             units: str = "z") -> str:
    """The ``uirevision`` of a picture: the same for the same picture of the same data, whatever was resampled.

    Parameters
    ----------
    place : str
        Which plot on which page, e.g. ``"explore"`` or ``"compare|smote"``: two plots shown together need two
        places, or a zoom in one would be put on the other.
    data_key : str
        The data's key (content hash, toy size, target and feature choice: ``CurrentData.key``).
    method : str
        The projection *drawn* (``pca``, ``tsne``, ``umap``, ``raw``, ``pca3d``…): PCA standing in for an unfinished
        t-SNE is a different picture from the t-SNE.
    features : sequence of int, optional
        The raw features' positions, for ``raw`` and ``raw3d``; ignored by the other methods (they use them all).
    units : str
        The picture's units (``"z"`` or ``"raw"``); the raw-feature views are always in raw units.

    Returns
    -------
    str
        ``PREFIX`` followed by the parts, separated by ``|``. A sampler, k, ratio, seed or selected point is not one
        of them: changing those keeps the zoom.

    Examples
    --------
    >>> revision("explore", "d", "pca", (2, 3), "z") == revision("explore", "d", "pca", None, "z")
    True
    >>> revision("explore", "d", "raw", (0, 1), "z") == revision("explore", "d", "raw", (0, 1), "raw")
    True
    """
    raw = method in ("raw", "raw3d")
    chosen = ",".join(str(int(f)) for f in features) if raw and features is not None else ""
    return PREFIX + "|".join((place, data_key, method, chosen, "raw" if raw else units))


#: JavaScript for a page whose plots' ``uirevision`` comes from :func:`revision`: it remembers, by ``uirevision``,
#: the axis ranges a person zoomed or panned a 2-D plot to and the camera a 3-D scene was turned to (plotly's
#: ``plotly_relayout`` events), forgets a range when the axis is autoscaled again (a double-click, the Autoscale or
#: Reset axes button), and sets what it remembers on a new plot with the same ``uirevision`` (or on a plot whose
#: ``uirevision`` becomes one it knows). Plots with another ``uirevision`` are left alone. Installed once per
#: browser tab; it reads ``window.Plotly`` and the plots' ``gd.layout`` and ``gd._fullLayout``. A selection
#: (click, box, lasso) is not a relayout, so Streamlit's ``on_select`` is untouched.
KEEP_VIEW_JS = """
(() => {
  if (window.__smoteViews) return;
  const kept = window.__smoteViews = {};
  const PREFIX = '__PREFIX__';
  const AXES = ['xaxis', 'yaxis'];
  const copy = v => JSON.parse(JSON.stringify(v));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const revOf = gd => {
    const r = gd.layout && gd.layout.uirevision;
    return typeof r === 'string' && r.startsWith(PREFIX) ? r : null;
  };
  const axisKey = ax => new RegExp('^' + ax + '(\\\\.(range|autorange)(\\\\[[01]\\\\])?)?$');
  const remember = (gd, change) => {
    const rev = revOf(gd), full = gd._fullLayout, keys = Object.keys(change || {});
    if (!rev || !full || !keys.length) return;
    const view = kept[rev] = kept[rev] || {};
    if (full.scene && keys.some(k => k.startsWith('scene.camera'))) view.camera = copy(full.scene.camera);
    for (const ax of AXES) {
      const re = axisKey(ax);
      if (!full[ax] || !keys.some(k => re.test(k))) continue;
      if (full[ax].autorange === false) view[ax] = copy(full[ax].range);
      else delete view[ax];
    }
  };
  const restore = gd => {
    const rev = revOf(gd), view = rev && kept[rev], full = gd._fullLayout;
    if (!view || !full || !window.Plotly) return;
    const update = {};
    if (view.camera && full.scene && !same(view.camera, full.scene.camera)) update['scene.camera'] = view.camera;
    for (const ax of AXES) {
      if (view[ax] && full[ax] && !same(view[ax], full[ax].range)) update[ax + '.range'] = copy(view[ax]);
    }
    if (Object.keys(update).length) window.Plotly.relayout(gd, update);
  };
  const seen = gd => {  // a new plot, or one whose uirevision changed: put its view back
    const rev = revOf(gd);
    if (rev === gd.__smoteRev) return;
    gd.__smoteRev = rev;
    restore(gd);
  };
  const watch = gd => {
    if (gd.__smoteView || !gd._fullLayout || typeof gd.on !== 'function') return;
    gd.__smoteView = true;
    gd.on('plotly_relayout', change => remember(gd, change));
    gd.on('plotly_afterplot', () => seen(gd));
    seen(gd);
  };
  const scan = () => document.querySelectorAll('.js-plotly-plot').forEach(watch);
  new MutationObserver(() => requestAnimationFrame(scan)).observe(document.body, {childList: true, subtree: true});
  scan();
})();
""".replace("__PREFIX__", PREFIX)
