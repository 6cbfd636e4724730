"""The page "Optimisers" (``pages/5_Optimisers.py``), in the order of its data flow: ``controls``
(keys, labels, sidebar, the gdcore class of each optimiser), ``runs`` (gdcore's paths, cached),
``figures`` (specs, cached per setting), ``report`` (texts, tables, metrics) and ``snippets``."""
