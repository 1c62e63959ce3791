from django.core.mail import EmailMessage


def test_mail_sent_through_the_mailer_arrives_at_the_real_smtp_server(smtp_server):
    EmailMessage("Hello", "Body text", "from@example.com", ["to@example.com"]).send()
    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Hello"
    assert message.get_content().strip() == "Body text"
