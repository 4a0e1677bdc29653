"""The staff voice pages, one module per subject: cascade (what staff do with the messages sent
to them), messages (what senders do), surveys, feedback and the leaders' page."""
