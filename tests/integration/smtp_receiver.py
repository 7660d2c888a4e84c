"""smtp_receiver.py - a small SMTP server for the mail tests (aiosmtpd).

Run with Debian's /usr/bin/python3 (python3-aiosmtpd). Listens on loopback,
prints "port N" on stdout when ready (and writes N to --port-file), and
keeps, for each message, DIR/NNN.eml (the bytes received, after SMTP's
dot-unstuffing) and DIR/NNN.json (envelope sender, recipients, whether the
session was under TLS and logged in). Every command it sees that matters
to the tests is appended to DIR/events.log, one line each: "EHLO name
tls=0", "AUTH PLAIN ok alice", "MAIL <a@b> tls=1 auth=1", "RCPT <c@d>",
"DATA 3 bytes". Stops on SIGTERM or SIGINT.

  --dir DIR             where messages go (required)
  --port N              0 (default): any free port
  --cert F --key F      offer STARTTLS with this certificate
  --require-tls         refuse MAIL before STARTTLS
  --implicit-tls        TLS from the first byte (smtps) with --cert/--key
  --user U --password P require AUTH (LOGIN or PLAIN) with these
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

# aiosmtpd warns about AUTH without STARTTLS under --implicit-tls, where
# the whole connection is TLS already.
warnings.filterwarnings("ignore", module="aiosmtpd")


def under_tls(server, session):
    """Whether the session runs under TLS (STARTTLS or implicit)."""
    transport = server.transport
    return bool(session.ssl) or (
        transport is not None
        and transport.get_extra_info("ssl_object") is not None)


def write_atomically(path, data):
    temp = path + ".tmp"
    with open(temp, "wb") as f:
        f.write(data)
    os.rename(temp, path)


class Recorder:
    """The handler: records events and keeps every message."""

    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    def event(self, line):
        with open(os.path.join(self.folder, "events.log"), "a") as f:
            f.write(line + "\n")

    async def handle_EHLO(self, server, session, envelope, hostname,
                          responses):
        session.host_name = hostname
        self.event(f"EHLO {hostname} tls={int(under_tls(server, session))}")
        return responses

    async def handle_MAIL(self, server, session, envelope, address,
                          mail_options):
        self.event(f"MAIL <{address}> tls={int(under_tls(server, session))} "
                   f"auth={int(bool(session.authenticated))}")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        self.event(f"RCPT <{address}>")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, f"{self.count:03d}")
        content = envelope.original_content or envelope.content
        self.event(f"DATA {len(content)} bytes")
        write_atomically(base + ".json", json.dumps({
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": under_tls(server, session),
            "authenticated": bool(session.authenticated),
        }).encode())
        write_atomically(base + ".eml", content)
        return "250 Message accepted"


class Authenticator:
    def __init__(self, recorder, user, password):
        self.recorder = recorder
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == self.user
              and auth_data.password == self.password)
        login = auth_data.login.decode(errors="replace") \
            if isinstance(auth_data, LoginPassword) else "?"
        self.recorder.event(f"AUTH {mechanism} {'ok' if ok else 'fail'} "
                            f"{login}")
        return AuthResult(success=ok, handled=False)


async def serve(args):
    recorder = Recorder(args.dir)
    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    options = {"hostname": "receiver.test", "decode_data": False}
    if context and not args.implicit_tls:
        options["tls_context"] = context
        options["require_starttls"] = args.require_tls
    if args.user is not None:
        options["authenticator"] = Authenticator(recorder, args.user,
                                                 args.password or "")
        options["auth_required"] = True
        options["auth_require_tls"] = not args.implicit_tls
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(recorder, **options), "127.0.0.1", args.port,
        ssl=context if args.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        write_atomically(args.port_file, str(port).encode())
    print(f"port {port}", flush=True)

    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)
    await stop
    server.close()


def main():
    p = argparse.ArgumentParser(description="SMTP receiver for the tests")
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--require-tls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--user")
    p.add_argument("--password")
    args = p.parse_args()
    if bool(args.cert) != bool(args.key):
        p.error("--cert and --key go together")
    if args.implicit_tls and not args.cert:
        p.error("--implicit-tls needs --cert and --key")
    os.makedirs(args.dir, exist_ok=True)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
