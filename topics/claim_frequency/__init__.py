"""The page "Claim frequency": Poisson claim counts with exposure, feature scaling, early stopping.

Modules in the order of the data flow: ``controls`` (widget keys, labels, the sidebar),
``runs`` (cached gdcore runs), ``figures``, ``report`` (tables, metrics, messages),
``snippets`` ("Show the code").
"""
