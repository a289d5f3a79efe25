"""Open data: the year's registry, statistics and counted records as a Frictionless Data Package (v2).

codes.py declares the special codes (ETER's labelled missing values) and the flags; registry_tables.py
and records.py describe and fill the resources; figures.py writes the statistics in long form from the
read service; flags.py decides each figure's flags; package.py assembles `datapackage.json`, writes the
CSV files and validates them with frictionless. `intlmon export opendata` is the command.
"""
