"""The deployment files (Dockerfile, deploy/): what they ship, read from the files, never built here."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What the repository holds for its developers only: not in the Docker image.
NOT_SERVED = {
    ".ci",
    ".dockerignore",
    ".gitignore",
    "Dockerfile",
    "README.md",
    "bench",
    "deploy",
    "docs",
    "pyproject.toml",
    "requirements-dev.txt",
    "tests",
}


def test_the_image_holds_everything_the_app_serves():
    """Every top-level file or folder under version control is copied into the image, or declared
    a developer's (NOT_SERVED): static/ (plotly.js) was once left out, and no chart was drawn."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    top = {line.split("/")[0] for line in tracked.splitlines()}
    assert {"app.py", "pages", "static", "ui"} <= top  # the listing is the repository's
    copied = {
        source.rstrip("/")
        for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if (match := re.match(r"COPY\s+(?:--\S+\s+)*(.+)\s+\S+$", line))
        for source in match.group(1).split()
    }
    assert top - NOT_SERVED - copied == set()
    assert copied <= top  # every copy names something that is there
