"""A Django-free composite-indicator engine that reproduces the JRC's R package COINr.

One module per COINr function family (data, denominate, impute, screen, treat, normalise,
aggregate, pipeline, uncertainty, sensitivity, diagnostics). Function and parameter names follow
COINr (``dat_thresh``, ``winmax``, ``l_u``, ``m_sd``, ``i_mean_grp``, ``a_amean`` ...) so a reader of
COINr's documentation can check every step. docs/composite.md describes the method.
"""
