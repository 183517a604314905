"""A real local SMTP server for reply e-mails (the alert tests' tiny server, as a context)."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_string
from email.message import Message
from email.policy import default

from tests.alerts.conftest import Mailbox, _SmtpHandler


@contextmanager
def local_smtp() -> Iterator[tuple[int, Mailbox]]:
    """(port, mailbox) of an SMTP server thread on 127.0.0.1, shut down on exit."""
    mailbox = Mailbox()
    handler = type("Handler", (_SmtpHandler,), {"mailbox": mailbox})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1], mailbox
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A local port nobody listens on (connection refused: a transient SMTP failure)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def parsed(mail: dict[str, object]) -> Message:
    """The received DATA as an e-mail message (headers decoded)."""
    return message_from_string(str(mail["data"]), policy=default)
