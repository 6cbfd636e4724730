"""The page "Train a network": controls -> runs -> figures, report, snippets."""
