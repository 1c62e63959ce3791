"""The JSON-LD that tells search engines what an article page is: one @graph holding the page
(MedicalWebPage), its breadcrumbs and the practice. Built from the same values the page shows."""

import json
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from articles import share_image

# As django.utils.html.json_script does: nothing in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def breadcrumbs(article) -> list[tuple[str, str]]:
    """(name, path) pairs, shared by the page's breadcrumb trail and the BreadcrumbList."""
    return [
        ("Home", reverse("home")),
        ("Articles", reverse("articles:list")),
        (article.title, article.get_absolute_url()),
    ]


def practice() -> dict[str, Any]:
    phone = settings.PRACTICE_PHONE.replace(" ", "")
    return {
        "@type": "HealthAndBeautyBusiness",
        "@id": f"{settings.SITE_URL}/#practice",
        "name": settings.PRACTICE_NAME,
        "url": f"{settings.SITE_URL}/",
        "telephone": "+44" + phone.removeprefix("0"),
        "email": settings.PRACTICE_EMAIL,
        # A mobile practice: where it goes, not a street address.
        "areaServed": {"@type": "Place", "name": settings.PRACTICE_AREA},
    }


def author(profile) -> dict[str, str]:
    """The therapist, who writes the articles, as a Person linked to the About page."""
    about = settings.SITE_URL + reverse("about")
    return {
        "@type": "Person",
        "@id": f"{about}#therapist",
        "name": profile.therapist_name,
        "url": about,
    }


def article_graph(article, profile) -> dict[str, Any]:
    url = settings.SITE_URL + article.get_absolute_url()
    page = {
        "@type": "MedicalWebPage",
        "@id": f"{url}#page",
        "url": url,
        "name": article.title,
        "headline": article.title,
        "description": article.description,
        "inLanguage": "en-GB",
        "datePublished": article.published.isoformat(),
        "dateModified": (article.content_updated_at or article.updated_at).isoformat(),
        "lastReviewed": article.last_reviewed.isoformat(),
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
        "publisher": {"@id": f"{settings.SITE_URL}/#practice"},
        "author": author(profile),
    }
    if article.reviewed_by:
        page["reviewedBy"] = {"@type": "Person", "name": article.reviewed_by}
    image = share_image.absolute_url(article.share_image)
    if image:
        page["image"] = image
    trail = {
        "@type": "BreadcrumbList",
        "@id": f"{url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": settings.SITE_URL + path}
            for position, (name, path) in enumerate(breadcrumbs(article), start=1)
        ],
    }
    return {"@context": "https://schema.org", "@graph": [page, trail, practice()]}


def as_script_content(data) -> SafeString:
    """JSON safe to place between <script type="application/ld+json"> and </script>."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=None).translate(_SCRIPT_ESCAPES))
