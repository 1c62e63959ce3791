"""The site's public pages: what a visitor can reach without signing in."""

from dataclasses import dataclass


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
}
INDEXABLE = list(PUBLIC_PATHS)
