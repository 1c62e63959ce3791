"""Where the practice goes: each postcode district it visits, with places a client would recognise.

The one place this is written down. The area page, the home page and the booking form read it; the
districts themselves come from the SERVICE_DISTRICTS setting (a district listed there must have an
entry here: tests/bookings/test_service_area.py checks it).

The travel charges are the starting choice made when the site was built, not figures the practice
has given: change them here (and in the README's note) once the therapist has set their own.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from bookings.models import pounds


@dataclass(frozen=True)
class Group:
    slug: str
    title: str
    description: str


@dataclass(frozen=True)
class District:
    code: str
    group: str
    places: tuple[str, ...]
    travel_charge: Decimal | None = None

    @property
    def travel_charge_display(self) -> str:
        return pounds(self.travel_charge) if self.travel_charge else ""


GROUPS = [
    Group("york", "York", "The city and its suburbs. No travel charge."),
    Group(
        "nearby", "Villages around York", "The edge of the city and the villages just outside it. No travel charge."
    ),
    Group("further", "Further out", "Towns and villages further from York. A travel charge is added to the price."),
]

FURTHER_OUT_CHARGE = Decimal("10")

DISTRICTS = {
    district.code: district
    for district in [
        District("YO1", "york", ("York city centre", "inside the city walls")),
        District("YO10", "york", ("Fulford", "Heslington", "Fishergate", "Osbaldwick", "Badger Hill")),
        District("YO24", "york", ("Acomb", "Dringhouses", "Woodthorpe", "Foxwood")),
        District("YO31", "york", ("Heworth", "The Groves", "Layerthorpe", "Tang Hall")),
        District("YO19", "nearby", ("Dunnington", "Murton", "Elvington", "Wheldrake", "Escrick", "Naburn", "Riccall")),
        District(
            "YO23", "nearby", ("South Bank", "Bishopthorpe", "Copmanthorpe", "Acaster Malbis", "Appleton Roebuck")
        ),
        District("YO26", "nearby", ("Holgate", "Leeman Road", "Poppleton", "Rufforth", "Hessay", "Long Marston")),
        District("YO30", "nearby", ("Clifton", "Rawcliffe", "Skelton", "Shipton", "Beningbrough", "Linton-on-Ouse")),
        District("YO32", "nearby", ("Haxby", "Wigginton", "Huntington", "New Earswick", "Strensall", "Earswick")),
        District(
            "YO41",
            "further",
            ("Stamford Bridge", "Wilberfoss", "Full Sutton", "Gate Helmsley", "Sand Hutton"),
            FURTHER_OUT_CHARGE,
        ),
        District("YO42", "further", ("Pocklington", "Barmby Moor", "Allerthorpe", "Melbourne"), FURTHER_OUT_CHARGE),
        District(
            "YO43",
            "further",
            ("Market Weighton", "Holme-on-Spalding-Moor", "Shiptonthorpe", "Sancton"),
            FURTHER_OUT_CHARGE,
        ),
        District("YO51", "further", ("Boroughbridge", "Aldborough", "Roecliffe", "Kirby Hill"), FURTHER_OUT_CHARGE),
        District(
            "YO60",
            "further",
            ("Sheriff Hutton", "Flaxton", "Claxton", "Terrington", "Bulmer", "Whitwell-on-the-Hill"),
            FURTHER_OUT_CHARGE,
        ),
        District(
            "YO61",
            "further",
            ("Easingwold", "Tollerton", "Alne", "Huby", "Sutton-on-the-Forest", "Stillington", "Crayke"),
            FURTHER_OUT_CHARGE,
        ),
        District(
            "YO62",
            "further",
            ("Helmsley", "Kirkbymoorside", "Ampleforth", "Hovingham", "Nawton", "Slingsby"),
            FURTHER_OUT_CHARGE,
        ),
    ]
}


def served_districts() -> list[District]:
    """The districts in SERVICE_DISTRICTS, in the setting's order; a code without places has none."""
    return [DISTRICTS.get(code) or District(code, "further", ()) for code in settings.SERVICE_DISTRICTS]


def grouped() -> list[tuple[Group, list[District]]]:
    """The served districts under their group, leaving out groups with none."""
    districts = served_districts()
    return [
        (group, members)
        for group in GROUPS
        if (members := [district for district in districts if district.group == group.slug])
    ]


def travel_charge(code: str) -> Decimal | None:
    district = DISTRICTS.get(code)
    return district.travel_charge if district and code in settings.SERVICE_DISTRICTS else None
