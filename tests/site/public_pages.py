"""The site's public pages: what a visitor can reach without signing in."""

from dataclasses import dataclass

from bs4 import BeautifulSoup

ARTICLE_SLUGS = [
    "sciatica-and-lower-back-pain",
    "sports-massage-for-lower-back-pain",
    "gluteus-medius-and-lower-back-pain",
    "it-band-and-lower-back-pain",
]

PRACTICE_PAGE_SLUGS = ["what-to-expect", "when-massage-is-not-suitable", "cancellations-and-payment", "questions"]

# Every page a search engine should index, by name: the sitemap lists exactly these.
INDEXABLE_PATHS = {
    "home": "/",
    "treatments": "/treatments/",
    "about": "/about/",
    "areas": "/areas/",
    "privacy": "/privacy/",
    **{f"page-{slug}": f"/{slug}/" for slug in PRACTICE_PAGE_SLUGS},
    "articles": "/articles/",
    **{f"article-{slug}": f"/articles/{slug}/" for slug in ARTICLE_SLUGS},
    "book": "/book/",
}
# Public pages that answer 200 but are not for search engines (they carry robots noindex).
NOT_INDEXED_PATHS = {
    "get-medical-help": "/book/get-medical-help/",
}


@dataclass
class FetchedPage:
    name: str
    path: str
    status: int
    html: str


def enquiry_data(form_html, **fields):
    """What a person would post from the booking form: its hidden fields (the form stamp, the
    article) and a valid enquiry, with ``fields`` on top."""
    form = BeautifulSoup(form_html, "html.parser").find("form", id="enquiry-form")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input", type="hidden")}
    data.update(
        name="Zoë Example",
        contact_method="email",
        email="zoe@example.com",
        treatment="sports-massage",
        postcode="yo24 1ab",
        consent="on",
    )
    data.update(fields)
    return data
