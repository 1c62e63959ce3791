"""Issue 11: articles answer first, point to urgent help, and offer a visit part-way and at the end."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db
ACRONYMS = {"IT", "QL", "(QL)"}


def page(client, slug):
    response = client.get(reverse("articles:detail", kwargs={"slug": slug}))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def book_href(slug, treatment):
    return f"{reverse('bookings:form')}?article={slug}&treatment={treatment}"


@pytest.mark.parametrize(
    ("slug", "has_contents"),
    [
        ("sciatica-and-lower-back-pain", True),
        ("sports-massage-for-lower-back-pain", True),
        ("gluteus-medius-and-lower-back-pain", True),
        ("it-band-and-lower-back-pain", False),  # one section
    ],
)
def test_the_contents_list_shows_only_for_three_sections_or_more(client, articles, slug, has_contents):
    soup = page(client, slug)
    assert bool(soup.select(".toc")) == has_contents
    sections = len(soup.select(".article-body h2"))
    assert (sections >= 3) == has_contents


def test_a_short_urgent_line_near_the_top_links_to_the_panel_after_the_symptoms(client, articles):
    soup = page(client, "sciatica-and-lower-back-pain")
    pointer = soup.select_one(".urgent-pointer")
    assert pointer.get_text(" ", strip=True) == "Urgent symptoms? See when to get help"
    assert pointer.a["href"] == "#urgent-signs-heading"
    # The line comes before the text; the panel follows the section on symptoms, before the next one.
    first_part = soup.select(".article-body")[0]
    assert pointer.find_next("div", class_="article-body") is first_part
    panel = soup.find(id="urgent-signs-heading").parent
    before = panel.find_previous("div", class_="article-body")
    assert before.find_all("h2")[-1].get_text() == "Symptoms of sciatica and lower back pain"
    assert panel.find_next_sibling("div", class_="article-body").h2.get_text() == "Is it sciatica or lower back pain?"
    assert len(soup.find_all(id="urgent-signs-heading")) == 1


def test_without_a_symptoms_section_the_urgent_panel_comes_at_the_end(client, articles):
    soup = page(client, "sports-massage-for-lower-back-pain")
    assert soup.select_one(".urgent-pointer a")["href"] == "#urgent-signs-heading"
    panel = soup.find(id="urgent-signs-heading").parent
    assert panel.find_previous("div", class_="article-body") is soup.select(".article-body")[-1]
    assert panel.find_next("section").find(id="book-heading")


def test_articles_without_urgent_signs_have_no_urgent_line(client, articles):
    soup = page(client, "gluteus-medius-and-lower-back-pain")
    assert not soup.select(".urgent-pointer")
    assert not soup.find(id="urgent-signs-heading")


@pytest.mark.parametrize(
    ("slug", "treatment", "name", "after"),
    [
        ("sciatica-and-lower-back-pain", "sports-massage", "sports massage", "Is it sciatica or lower back pain?"),
        ("sports-massage-for-lower-back-pain", "sports-massage", "sports massage", "Lower back pain in bed"),
        (
            "gluteus-medius-and-lower-back-pain",
            "sports-massage",
            "sports massage",
            "How does the gluteus medius cause lower back pain?",
        ),
    ],
)
def test_a_booking_prompt_part_way_and_one_at_the_end_name_the_treatment_and_preselect_it(
    client, articles, slug, treatment, name, after
):
    soup = page(client, slug)
    midway = soup.select_one("aside.book-prompt")
    assert f"Could a {name} help?" in midway.get_text()
    assert midway.find("a", string="Book a visit")["href"] == book_href(slug, treatment)
    section_heading = midway.find_previous("h2")
    while section_heading and section_heading.find_parent("div", class_="article-body") is None:
        section_heading = section_heading.find_previous("h2")
    assert section_heading.get_text() == after
    end = soup.find(id="book-heading").parent
    assert end.find(id="book-heading").get_text() == f"Book a {name} at home"
    assert end.find("a", string="Book a visit")["href"] == book_href(slug, treatment)
    # Text follows the prompt part-way: it is in the middle, not the end.
    assert midway.find_next("div", class_="article-body")


def test_a_short_article_has_only_the_booking_prompt_at_the_end(client, articles):
    soup = page(client, "it-band-and-lower-back-pain")
    assert not soup.select("aside.book-prompt")
    assert soup.find(id="book-heading").get_text() == "Book a deep tissue massage at home"


def test_the_booking_prompt_preselects_the_treatment_in_the_form(client, articles):
    soup = page(client, "it-band-and-lower-back-pain")
    button = soup.find(id="book-heading").parent.find("a", string="Book a visit")
    form = BeautifulSoup(client.get(button["href"]).content, "html.parser")
    assert form.select_one("input[name=treatment][checked]")["value"] == "deep-tissue-massage"
    assert form.select_one("input[name=article]")["value"] == "it-band-and-lower-back-pain"


def test_other_articles_are_linked_where_the_text_mentions_them(client, articles):
    soup = page(client, "it-band-and-lower-back-pain")
    paragraph = soup.find("p", string=re.compile("As mentioned in other articles"))
    if paragraph is None:
        paragraph = next(p for p in soup.select(".article-body p") if "As mentioned in other articles" in p.get_text())
    hrefs = [a["href"] for a in paragraph.find_all("a")]
    assert hrefs == ["/articles/gluteus-medius-and-lower-back-pain/", "/articles/sports-massage-for-lower-back-pain/"]
    for href in hrefs:
        assert client.get(href).status_code == 200


def test_headings_are_in_sentence_case_and_questions_end_with_a_question_mark(client, articles):
    for article in Article.objects.all():
        for heading in page(client, article.slug).select(".article-body h2, .article-body h3"):
            text = heading.get_text()
            words = text.split()
            assert words[0][0].isupper(), text
            assert all(word in ACRONYMS or not word[0].isupper() for word in words[1:]), text
            if re.match(r"(What|Why|Is|But is|How does) ", text):  # the questions among them
                assert text.endswith("?"), text


def test_citation_markers_are_links_to_the_sources_once_the_file_lists_them(client, load_articles, content_dir):
    path = content_dir / "sciatica-and-lower-back-pain.md"
    path.write_text(
        path.read_text().replace(
            "urgent_signs: true\n",
            "urgent_signs: true\nsources:\n  - title: First source\n    url: https://example.org/one\n"
            "  - Second source, a book\n",
        )
    )
    load_articles("--content-dir", content_dir)
    soup = page(client, "sciatica-and-lower-back-pain")
    markers = soup.select(".article-body a.citation")
    assert [(a.get_text(), a["href"]) for a in markers] == [("(1)", "#source-1"), ("(2)", "#source-2")]
    sources = soup.find(id="sources-heading").find_next("ol")
    assert [li["id"] for li in sources.find_all("li")] == ["source-1", "source-2"]
    assert sources.find("a", href="https://example.org/one").get_text() == "First source"
    assert "Second source, a book" in sources.get_text()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("booking_prompt_after", "no-such-section", "is not the id of a ## heading"),
        ("sources", "just text", "must be a list of sources"),
        ("sources", "\n  - title: Bad\n    url: javascript:alert(1)", "must start with https://"),
    ],
)
def test_a_bad_placement_or_source_stops_the_load(load_articles, content_dir, field, value, message):
    path = content_dir / "it-band-and-lower-back-pain.md"
    path.write_text(
        path.read_text().replace(
            "treatment: deep-tissue-massage\n", f"treatment: deep-tissue-massage\n{field}: {value}\n"
        )
    )
    with pytest.raises(CommandError, match=message):
        load_articles("--content-dir", content_dir)
