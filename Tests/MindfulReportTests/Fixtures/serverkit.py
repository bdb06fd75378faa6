"""What the test servers share (Python 3 standard library only): the way they start and stop.

A server binds 127.0.0.1 on a free port and prints the port on stdout (one line). It exits by
itself after `lifetime` seconds, or as soon as its stdin closes, so it never outlives the tests.
Each line written to its stdin is a command, `WORD [ARGUMENT]`: `commands[WORD](ARGUMENT)` runs
on the stdin thread and its return value is written back on stdout as one line (`unknown` for a
word not in `commands`).
"""

import os
import sys
import threading


def run(server, lifetime, commands=None):
    """Serves until stdin closes or `lifetime` seconds have passed; answers commands on stdin."""
    timer = threading.Timer(lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()

    def watch_stdin():
        try:
            while True:
                line = sys.stdin.readline()
                if not line:
                    break
                word, _, argument = line.strip().partition(" ")
                command = (commands or {}).get(word)
                sys.stdout.write("%s\n" % (command(argument) if command else "unknown"))
                sys.stdout.flush()
        except Exception:
            pass
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    sys.stdout.write("%d\n" % server.server_address[1])
    sys.stdout.flush()
    server.serve_forever(poll_interval=0.05)
