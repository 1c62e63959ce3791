"""The site's public pages: what a visitor can reach without signing in."""

from dataclasses import dataclass

ARTICLE_SLUGS = [
    "sciatica-and-lower-back-pain",
    "sports-massage-for-lower-back-pain",
    "gluteus-medius-and-lower-back-pain",
    "it-band-and-lower-back-pain",
]


@dataclass
class FetchedPage:
    name: str
    path: str
    status: int
    html: str


# Every page a search engine should index, by name.
PUBLIC_PATHS = {
    "home": "/",
    "treatments": "/treatments/",
    "about": "/about/",
    "privacy": "/privacy/",
    "articles": "/articles/",
    **{f"article-{slug}": f"/articles/{slug}/" for slug in ARTICLE_SLUGS},
}
INDEXABLE = list(PUBLIC_PATHS)
