"""Everything the app shows, without Streamlit: projections, plotly figures, what a view computes, lessons, the
view state in the URL, and export. Nothing below ``views`` imports it."""
