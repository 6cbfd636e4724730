"""The Exercises page: exercises to do by hand, checked against gdcore's numbers.

In the order of the data flow: ``controls`` (widget keys, labels, the URL and session state),
``runs`` (the cached gdcore exercises), ``texts`` (each kind's question and worked solution,
as Markdown and LaTeX parts), ``report`` (drawing them, the answer form, the marks, the score),
``sheet`` (the printable sheet and its answer key) and ``snippets`` ("Show the code").
"""
