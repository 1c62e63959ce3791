"""The therapist's profile: edited in admin, each item shown on the site only once it is filled in,
the photo processed on upload (orientation applied, metadata gone, several widths, a fallback), and
testimonials shown only with the client's consent."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from massage_site.models import PracticeProfile
from massage_site.models import Testimonial as ClientTestimonial
from tests.bookings.admin_helpers import signed_in_therapist

pytestmark = pytest.mark.django_db


@pytest.fixture
def therapist(client, monkeypatch, settings, tmp_path):
    settings.ADMIN_REQUIRE_2FA = True
    settings.MEDIA_ROOT = tmp_path / "media"
    return signed_in_therapist(client, monkeypatch)


def profile_url():
    return reverse("admin:massage_site_practiceprofile_change", args=[PracticeProfile.load().pk])


def profile_form(**fields):
    data = {
        "therapist_name": "David",
        "photo_alt": "",
        "introduction": "",
        "qualifications": "",
        "insurance": "",
        "memberships": "",
        "years_in_practice": "",
    }
    data.update(fields)
    return data


def camera_photo(width=400, height=200, orientation=6):
    """A JPEG as a phone camera writes one: sideways pixels, an Orientation tag, a GPS position."""
    image = Image.new("RGB", (width, height), "#336699")
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (53.0, 57.0, 30.0), 3: "W", 4: (1.0, 4.0, 50.0)}  # GPS position
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "me.jpg"
    return buffer


def about(client):
    cache.clear()
    return BeautifulSoup(client.get(reverse("about")).content, "html.parser")


def test_an_empty_profile_shows_no_credentials_photo_or_testimonials(client):
    page = about(client)
    text = page.get_text(" ")
    assert page.h1.get_text() == "About David"
    for absent in ["Qualifications", "Insurance", "Professional memberships", "In practice", "What clients say"]:
        assert absent not in text
    assert page.find("picture") is None


def test_each_filled_item_appears_on_the_about_page(client):
    PracticeProfile.objects.filter(pk=PracticeProfile.load().pk).update(
        introduction="I have treated runners for years.",
        qualifications="Level 5 Diploma in Sports Massage\nLevel 3 Certificate in Massage",
        insurance="Insured for £6 million",
        memberships="The Sports Massage Association",
        years_in_practice=8,
    )
    page = about(client)
    credentials = page.find("dl", class_="credentials").get_text(" ")
    assert "Level 5 Diploma in Sports Massage" in credentials
    assert "Level 3 Certificate in Massage" in credentials
    assert "Insured for £6 million" in credentials
    assert "The Sports Massage Association" in credentials
    assert "8 years" in credentials
    assert "I have treated runners for years." in page.get_text()


def test_only_the_filled_items_appear(client):
    PracticeProfile.objects.filter(pk=PracticeProfile.load().pk).update(insurance="Insured for £6 million")
    credentials = about(client).find("dl", class_="credentials").get_text(" ")
    assert "Insurance" in credentials
    assert "Qualifications" not in credentials and "In practice" not in credentials


def test_the_profile_list_opens_the_one_profile_and_it_cannot_be_added_or_deleted(client, therapist):
    response = client.get(reverse("admin:massage_site_practiceprofile_changelist"))
    assert response.status_code == 302 and response["Location"] == profile_url()
    assert client.get(reverse("admin:massage_site_practiceprofile_add")).status_code == 403
    delete = reverse("admin:massage_site_practiceprofile_delete", args=[PracticeProfile.load().pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert PracticeProfile.objects.count() == 1


def test_a_photo_is_processed_on_upload_and_its_metadata_stripped(client, therapist, settings):
    response = client.post(
        profile_url(), profile_form(photo_upload=camera_photo(), photo_alt="David by his massage table")
    )
    assert response.status_code == 302, response.content.decode()
    photo = PracticeProfile.load().photo
    # Orientation applied: the 400×200 sideways pixels become a 200-wide, 400-high portrait.
    assert (photo["width"], photo["height"]) == (200, 400)
    assert [source["width"] for source in photo["webp"]] == [200]  # never enlarged
    files = [source["name"] for source in photo["webp"]] + [photo["jpeg"]]
    for name in files:
        with Image.open(settings.MEDIA_ROOT / name) as image:
            assert image.format in {"WEBP", "JPEG"}
            assert image.size == (200, 400)
            assert len(image.getexif()) == 0, name
            assert "exif" not in image.info and "xmp" not in image.info
    page = about(client)
    picture = page.find("picture")
    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/webp" and source["srcset"].endswith(" 200w") and source["sizes"]
    assert (img["width"], img["height"], img["alt"]) == ("200", "400", "David by his massage table")
    served = client.get(img["src"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert "immutable" in served["Cache-Control"]


def test_a_large_photo_is_written_at_several_widths(client, therapist, settings):
    upload = camera_photo(width=2000, height=1500, orientation=1)
    assert client.post(profile_url(), profile_form(photo_upload=upload, photo_alt="David")).status_code == 302
    photo = PracticeProfile.load().photo
    assert [source["width"] for source in photo["webp"]] == [320, 640, 960]
    with Image.open(settings.MEDIA_ROOT / photo["jpeg"]) as fallback:
        assert fallback.size == (640, 480)
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert home.find("picture") is not None


def test_a_photo_needs_its_description(client, therapist):
    response = client.post(profile_url(), profile_form(photo_upload=camera_photo()))
    assert response.status_code == 200
    assert "Describe the photo" in response.content.decode()
    assert PracticeProfile.load().photo == {}


def test_a_file_that_is_not_a_photo_is_refused_with_a_message(client, therapist):
    upload = io.BytesIO(b"not a picture at all")
    upload.name = "me.jpg"
    response = client.post(profile_url(), profile_form(photo_upload=upload, photo_alt="David"))
    assert response.status_code == 200
    assert PracticeProfile.load().photo == {}


def test_removing_the_photo_deletes_its_files(client, therapist, settings):
    client.post(profile_url(), profile_form(photo_upload=camera_photo(), photo_alt="David"))
    name = PracticeProfile.load().photo["jpeg"]
    assert (settings.MEDIA_ROOT / name).exists()
    assert client.post(profile_url(), profile_form(photo_alt="David", remove_photo="on")).status_code == 302
    assert PracticeProfile.load().photo == {}
    assert not (settings.MEDIA_ROOT / name).exists()
    assert about(client).find("picture") is None


def test_unknown_media_paths_are_not_served(client):
    assert client.get("/media/practice/../../db.sqlite3").status_code == 404
    assert client.get("/media/practice/missing.jpg").status_code == 404


def test_a_testimonial_needs_the_clients_consent(client, therapist):
    add = reverse("admin:massage_site_testimonial_add")
    data = {"quote": "My back feels new.", "client_name": "Sarah, Acomb", "given_on": "2026-10-01", "is_shown": "on"}
    response = client.post(add, data)
    assert response.status_code == 200
    assert ClientTestimonial.objects.count() == 0
    assert client.post(add, {**data, "consent": "on"}).status_code == 302
    assert ClientTestimonial.objects.count() == 1


def test_testimonials_are_shown_only_when_there_are_some(client):
    assert "What clients say" not in client.get("/").content.decode()
    ClientTestimonial.objects.create(
        quote="My back feels new.", client_name="Sarah, Acomb", given_on=datetime.date(2026, 10, 1), consent=True
    )
    cache.clear()
    for path in ["/", "/about/"]:
        html = client.get(path).content.decode()
        assert "What clients say" in html and "My back feels new." in html and "Sarah, Acomb" in html


def test_the_desk_lists_what_is_still_empty_each_linked_to_its_field(client, therapist):
    desk = BeautifulSoup(client.get(reverse("admin:index")).content, "html.parser")
    checklist = desk.find("section", class_="setup-checklist")
    links = {a.get_text(): a["href"] for a in checklist.find_all("a")}
    assert links["Add your photo"] == profile_url() + "#id_photo_upload"
    assert links["Write a short introduction"] == profile_url() + "#id_introduction"
    assert links["Say who insures you"] == profile_url() + "#id_insurance"
    assert len(links) == 7
    assert any(label.startswith("Confirm your prices") for label in links)

    client.post(
        profile_url(),
        profile_form(
            photo_upload=camera_photo(),
            photo_alt="David",
            introduction="Hello",
            qualifications="Diploma",
            insurance="Insured",
            memberships="An association",
            years_in_practice="3",
        ),
    )
    desk = BeautifulSoup(client.get(reverse("admin:index")).content, "html.parser")
    labels = [a.get_text() for a in desk.find("section", class_="setup-checklist").find_all("a")]
    assert len(labels) == 1 and labels[0].startswith("Confirm your prices")
