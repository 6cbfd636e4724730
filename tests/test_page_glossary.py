"""The glossary page: its terms, its filter and its links to the pages that show each term."""

from conftest import open_page, rerun

from topics.glossary import FILTER, GLOSSARY
from ui.nav import BY_SLUG

GLOSSARY_PAGE = "pages/11_Glossary.py"
LECTURE_TERMS = [
    "Batch",
    "Batch size",
    "Gradient-based learning",
    "Hill-climbing",
    "Metric",
    "Stochastic gradient descent",
    "Mini-batch gradient descent",
]


def shown_terms(at):
    return [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**")]


def links(at):
    return [element.proto.page for element in at.get("page_link") if "See it" in element.proto.label]


def test_lists_every_term_with_the_lecture_glossary_included():
    at = open_page(GLOSSARY_PAGE)
    terms = shown_terms(at)
    assert terms == [entry.term for entry in GLOSSARY]
    assert set(LECTURE_TERMS) <= set(terms)


def test_every_term_links_to_a_page_in_the_menu():
    assert {entry.slug for entry in GLOSSARY} <= set(BY_SLUG)
    at = open_page(GLOSSARY_PAGE)
    # A link's target is the page's URL path: its file name without the number, e.g. "Gradient_descent".
    shown = [target.rstrip("/").rsplit("/", 1)[-1] for target in links(at)]
    assert shown == [entry.slug for entry in GLOSSARY]


def test_filter_narrows_the_list_and_says_when_nothing_matches():
    at = open_page(GLOSSARY_PAGE)
    at.text_input(key=FILTER).input("momentum")
    rerun(at)
    assert shown_terms(at) == ["Adam", "Momentum", "Nesterov momentum"]
    at.text_input(key=FILTER).input("zzz")
    rerun(at)
    assert shown_terms(at) == []
    assert "No term matches" in at.info[0].value


def test_the_terms_a_class_asks_about_are_there():
    """Issue 16, item 23: Accuracy, ReLU / Leaky ReLU, Argmax, Logit and Saddle point were missing."""
    slugs = {entry.term: entry.slug for entry in GLOSSARY}
    expected = {
        "Accuracy": "Non_zero_derivatives",
        "ReLU": "Non_zero_derivatives",
        "Leaky ReLU": "Non_zero_derivatives",
        "Argmax": "Non_zero_derivatives",
        "Logit": "Dense_layers",
        "Saddle point": "Optimisers",
    }
    assert {term: slugs.get(term) for term in expected} == expected
    at = open_page(GLOSSARY_PAGE)
    at.text_input(key=FILTER).set_value("saddle")
    at.run()
    assert not at.exception and any("Saddle point" in m.value for m in at.markdown)
