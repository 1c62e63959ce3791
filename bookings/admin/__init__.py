"""The therapist's desk in Django admin: enquiries, visits, treatments and email deliveries.

- enquiries: the enquiry list (cards on a phone) and page (client first), phone-in enquiries
- visits: booked visits, changing and cancelling them, the private calendar feed
- filters: the lists' filters
- views: the desk home (admin index)
"""

from bookings.admin import deliveries, enquiries, treatments, visits  # noqa: F401  (registers the admins)
