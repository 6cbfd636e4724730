"""Browser: a student uploads CSV files (in memory) on the Gradient descent and Loss and derivatives pages."""

import re
from urllib.parse import urlencode

import pytest
from conftest import wait_for_script

from topics.gradient_descent import controls as gd_controls
from topics.loss_and_derivatives import controls as loss_controls
from ui.datasets import LABELS
from ui.upload import MAX_BYTES

pytestmark = pytest.mark.browser

# Each page's deep link with the upload chosen, and what it draws from the data.
LINKS = {
    "Loss_and_derivatives": (
        "?" + urlencode({loss_controls.BGD_DATA: LABELS["upload"]}),
        '[data-testid="stDataFrame"]',
    ),
    "Gradient_descent": ("?" + urlencode({gd_controls.DATA: LABELS["upload"]}), ".js-plotly-plot"),
}
GOOD = b"age,claims,region\n20,1.5,N\n30,2.0,S\n40,,E\n50,3.5,W\n"
USED = "Data: claims.csv: x = age, y = claims, 3 rows"


def caption(page):
    return page.get_by_text(USED, exact=False)


def csv_file(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": data}


@pytest.mark.parametrize("slug", LINKS)
def test_upload_good_then_bad_files_keeps_the_last_valid_data(visit, slug):
    query, drawn = LINKS[slug]
    page = visit(f"/{slug}{query}")
    page.get_by_text("No valid CSV file yet", exact=False).wait_for(timeout=30_000)
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')

    uploader.set_input_files(csv_file("claims.csv", GOOD))
    caption(page).wait_for(timeout=30_000)
    page.get_by_text("1 row with a missing", exact=False).wait_for(timeout=30_000)
    wait_for_script(page)
    # the tables or charts from the data are drawn (a chart element draws after the script ends)
    page.wait_for_function(f"() => document.querySelectorAll('{drawn}').length >= 2", timeout=30_000)

    uploader.set_input_files(csv_file("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    page.get_by_text("Cannot use photo.csv: this is not a CSV file", exact=False).wait_for(timeout=30_000)
    wait_for_script(page)
    assert caption(page).count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0

    uploader.set_input_files(csv_file("names.csv", b"name,city\nAnn,Bern\nBob,Basel\n"))
    page.get_by_text("at least two columns of numbers", exact=False).wait_for(timeout=30_000)
    wait_for_script(page)
    assert caption(page).count() == 1

    # Larger than server.maxUploadSize: the browser refuses it before the script sees it.
    uploader.set_input_files(csv_file("big.csv", b"x,y\n" + b"1.0,2.0\n" * (MAX_BYTES // 8 + 10)))
    page.get_by_text(re.compile(r"2(\.0)? ?MB")).first.wait_for(timeout=30_000)
    wait_for_script(page)
    assert caption(page).count() == 1
    # The browser keeps the file before it chosen (Streamlit replaces a single file only by an accepted
    # one), so the message about that file still names a file the uploader lists: it is not stale.
    chips = page.locator('[data-testid="stFileChip"]')
    assert chips.filter(has_text="names.csv").count() == 1
    assert chips.filter(has_text="big.csv").get_attribute("aria-invalid") == "true"
    assert page.get_by_text("Cannot use names.csv", exact=False).count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0


def test_one_students_file_never_shows_in_another_session(visit, browser):
    query, _ = LINKS["Gradient_descent"]
    page = visit(f"/Gradient_descent{query}")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        csv_file("claims.csv", GOOD)
    )
    caption(page).wait_for(timeout=30_000)

    other = browser.new_context()
    try:
        second = visit(f"/Gradient_descent{query}", in_context=other)
        second.get_by_text("No valid CSV file yet", exact=False).wait_for(timeout=30_000)
        assert caption(second).count() == 0
        assert caption(page).count() == 1  # the first student still has their data
    finally:
        other.close()
