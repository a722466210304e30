from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """An SMTP server that is down: raises like a refused connection would."""

    def send_messages(self, email_messages):
        raise ConnectionError("SMTP server refused the connection")
