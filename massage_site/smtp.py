"""The SMTP mailer: patient with a slow relay's answer to the message, and honest about
what a missing answer means.

RFC 5321 (4.5.3.2) gives a server 10 minutes to answer the end of a message's DATA, and a
busy relay (virus scanning, a queue on disk) can take longer than the 20 s that suits every
other step. Django's SMTP backend has one timeout for everything, so a slow answer became an
error, the worker retried, and the relay, which had taken the message each time, delivered
it again and again.

Here: ``timeout`` (EMAIL_TIMEOUT) covers connecting and every command; ``data_timeout``
(EMAIL_DATA_TIMEOUT, 600 s by default) covers sending the message and waiting for the
relay's answer to it. If that answer still never comes (a timeout or a dropped connection
after the whole message went), the send raises ``MaybeSent``: the relay may have the
message. bookings/tasks.py then tries once more, later, with the same Message-ID, and never
a third time, so such a fault costs at most one duplicate.
"""

import smtplib

from django.core.mail.backends import smtp

END_OF_DATA = b"\r\n.\r\n"


class MaybeSent(smtplib.SMTPException):
    """The whole message reached the server, but its answer did not come back."""


class PatientDataMixin:
    data_timeout = None

    def data(self, msg) -> tuple[int, bytes]:
        self.whole_message_sent = False
        if self.data_timeout and self.sock:
            self.sock.settimeout(self.data_timeout)
        try:
            return super().data(msg)
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            if self.whole_message_sent:
                raise MaybeSent(f"No answer after the whole message was sent ({error})") from error
            raise
        finally:
            if self.sock:
                self.sock.settimeout(self.timeout)

    def send(self, s) -> None:
        super().send(s)
        if isinstance(s, bytes) and s.endswith(END_OF_DATA):
            self.whole_message_sent = True


class PatientSMTP(PatientDataMixin, smtplib.SMTP):
    pass


class PatientSMTP_SSL(PatientDataMixin, smtplib.SMTP_SSL):  # noqa: N801 - named after smtplib's
    pass


class EmailBackend(smtp.EmailBackend):
    def __init__(self, *args, data_timeout=600, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.data_timeout = data_timeout

    @property
    def connection_class(self) -> type[PatientSMTP | PatientSMTP_SSL]:
        return PatientSMTP_SSL if self.use_ssl else PatientSMTP

    def open(self) -> bool | None:
        opened = super().open()
        if self.connection is not None:
            self.connection.data_timeout = self.data_timeout
        return opened
