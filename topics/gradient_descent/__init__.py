"""The "Gradient descent" page's home: its controls, runs, figures, report and snippets, in the
order of the data flow (``pages/3_Gradient_descent.py`` tells the story)."""
