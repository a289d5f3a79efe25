"""The public dashboards (issue 13, Deliver 1): the national overview, a country page, an HEI page, the
drill-down from a number to what it is made of, and the CSV/XLSX export of every table.

Every number comes from the read service (`analytics.read.Reader`); charts are the reports' Vega-Lite
specs (`reports.charts`, `reports.maps`), drawn in the browser by the vendored vega-embed with the
reports' SVG as the fallback. `sections.py` says which statistics a section reads, `figures.py` builds
the page's cards and tables, `drill.py` lists the records behind a figure, `flags.py` says how good a
figure is, `tables.py` exports, `views.py` serves.
"""
