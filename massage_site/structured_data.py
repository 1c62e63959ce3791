"""The home page's JSON-LD: the practice as a HealthAndBeautyBusiness, with where it goes, its price
range and its treatments as offers. Built from the same values the pages show."""

from django.conf import settings
from django.urls import reverse

from articles import share_image
from articles.structured_data import practice
from bookings import areas


def therapist(profile) -> dict:
    """The therapist as a Person: the author of the articles, described on the About page."""
    about = settings.SITE_URL + reverse("about")
    return {"@type": "Person", "@id": f"{about}#therapist", "name": profile.therapist_name, "url": about}


def local_business(treatments, profile, image_url="") -> dict:
    options = [option for treatment in treatments for option in treatment.options.all()]
    business = {
        **practice(),
        "description": "Mobile sports, deep tissue and Swedish massage at your home in York.",
        "areaServed": [
            {"@type": "Place", "name": place}
            for district in areas.served_districts()
            for place in (district.places or (district.code,))
        ],
        "employee": therapist(profile),
        "makesOffer": [
            {
                "@type": "Offer",
                "name": f"{option.treatment.name}, {option.duration_minutes} minutes",
                "price": f"{option.price:.2f}",
                "priceCurrency": "GBP",
                "itemOffered": {"@type": "Service", "name": option.treatment.name},
                "url": f"{settings.SITE_URL}{reverse('treatments')}#treatment-{option.treatment.slug}",
            }
            for option in options
        ],
    }
    if options:
        low, high = min(option.price for option in options), max(option.price for option in options)
        business["priceRange"] = f"£{low:.0f}–£{high:.0f}" if low != high else f"£{low:.0f}"
    if image_url:
        business["image"] = image_url
    url = f"{settings.SITE_URL}/"
    page = {
        "@type": "WebPage",
        "@id": f"{url}#page",
        "url": url,
        "name": HOME_SHARE_TITLE,
        "inLanguage": "en-GB",
        "about": {"@id": business["@id"]},
    }
    if image_url:
        page["image"] = image_url
    return {"@context": "https://schema.org", "@graph": [page, business]}


def faq_page(page) -> dict:
    url = settings.SITE_URL + page.get_absolute_url()
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "@id": f"{url}#page",
        "url": url,
        "name": page.title,
        "mainEntity": [
            {
                "@type": "Question",
                "name": pair["question"],
                "acceptedAnswer": {"@type": "Answer", "text": pair["answer"]},
            }
            for pair in page.faq
        ],
    }


HOME_SHARE_SLUG = "home"
HOME_SHARE_TITLE = "Sports, deep tissue and Swedish massage, at your home in York"


def home_share_image() -> str:
    """The home page's share image, drawn by load_articles like the articles' ("" until it is)."""
    return share_image.absolute_url(share_image.static_path(HOME_SHARE_SLUG, HOME_SHARE_TITLE, settings.PRACTICE_NAME))
