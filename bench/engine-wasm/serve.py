"""Serves a directory on 127.0.0.1 for bench/engine.sh and keeps what the page POSTs to /result.

Usage: serve.py ROOT PORT_FILE RESULT_FILE. Listens on a free loopback port, written to PORT_FILE once bound;
the body of POST /result is written to RESULT_FILE (atomically, so the script never reads half of it). Every
response makes the page cross-origin isolated (COOP and COEP), so that performance.now() has Chromium's 5 µs
resolution rather than 100 µs: media.js times hash-list queries of a few hundred µs one by one.
"""

import functools
import http.server
import os
import sys

root, port_file, result_file = sys.argv[1:4]


def write(path, data):
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript"}

    def end_headers(self):
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def do_POST(self):
        if self.path != "/result":
            self.send_error(404)
            return
        write(result_file, self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
write(port_file, str(server.server_address[1]).encode())
server.serve_forever()
