"""A minimal SMTP server on loopback that accepts every message and counts them (messages and
recipients) into a JSON file: the fan-out probe reads it to know when every e-mail arrived.

Usage (run.sh does it): python bench/smtp_sink.py --port 8109 --count-file mail.json [--max-seconds 3600]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
from pathlib import Path

COUNTS = {"messages": 0, "recipients": 0}


def save(path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(COUNTS))
    os.replace(tmp, path)


async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: Path) -> None:
    def reply(line: str):
        writer.write(f"{line}\r\n".encode())

    reply("220 bench-smtp ESMTP")
    recipients = 0
    while line := await reader.readline():
        verb = line[:4].decode("ascii", "replace").upper()
        if verb in ("EHLO", "HELO"):
            reply("250-bench-smtp\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 0" if verb == "EHLO" else "250 bench-smtp")
        elif verb == "MAIL":
            recipients = 0
            reply("250 OK")
        elif verb == "RCPT":
            recipients += 1
            reply("250 OK")
        elif verb == "DATA":
            reply("354 End data with <CR><LF>.<CR><LF>")
            await writer.drain()
            while (await reader.readline()) not in (b".\r\n", b".\n", b""):
                pass
            COUNTS["messages"] += 1
            COUNTS["recipients"] += recipients
            save(path)
            reply("250 OK queued")
        elif verb == "QUIT":
            reply("221 Bye")
            await writer.drain()
            break
        else:  # RSET, NOOP, anything else
            reply("250 OK")
        await writer.drain()
    writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8109)
    parser.add_argument("--count-file", required=True)
    parser.add_argument("--max-seconds", type=int, default=3600)
    args = parser.parse_args()
    path = Path(args.count_file)
    save(path)
    server = await asyncio.start_server(lambda r, w: session(r, w, path), "127.0.0.1", args.port)
    async with server:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.serve_forever(), timeout=args.max_seconds)


if __name__ == "__main__":
    asyncio.run(main())
