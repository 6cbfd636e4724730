"""One home per page, named like the page: its controls, runs, figures, report and snippets."""
