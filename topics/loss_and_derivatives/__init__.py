"""The "Loss and derivatives" page's home: its controls, runs, figures, report and snippets, in the
order of the data flow (``pages/7_Loss_and_derivatives.py`` tells the story)."""
