"""The page "Learning rates" (``pages/4_Learning_rates.py``), in the order of its data flow:
``controls`` (keys, labels, sidebar), ``runs`` (gdcore, cached), ``figures``, ``report``
(metrics, tables, messages), ``robot_arm`` (section 4: runs, animation, messages) and ``snippets``."""
