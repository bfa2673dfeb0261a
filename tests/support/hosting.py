"""Serving a built site the way a strict static host does: a Content-Security-Policy header on every
response, the site's 404.html for any missing path (as GitHub Pages, Netlify or nginx with
`error_page 404 /404.html` do) and gzip for text when the browser accepts it (as every one of those
hosts does, so that page-weight and Lighthouse figures are the ones readers get). Only on 127.0.0.1.
docs/reference/hosting.md documents the policy."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
from pathlib import Path

from tests.support.site import serve

#: The policy the site is tested under; docs/reference/hosting.md explains each directive.
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
              "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
              "form-action 'self'; frame-ancestors 'none'")


#: Content types a static host compresses (GitHub Pages and Netlify gzip these; images and fonts are already compressed).
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    # Compressed once per file version: the site is static while it is served.
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class StrictHostHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with a CSP header, gzip-encoded when accepted; a missing path answers 404 with the
    site's 404.html. With `strict` off (a class attribute, see switchable_host), a plain
    SimpleHTTPRequestHandler."""

    csp = STRICT_CSP
    strict = True

    def send_head(self):
        """Like SimpleHTTPRequestHandler.send_head, but a compressible file is answered gzip-encoded
        (`Content-Encoding: gzip`, `Vary: Accept-Encoding`) when the request's Accept-Encoding names gzip."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if (not self.strict or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        if self.strict and self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if not self.strict or code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_strict(directory: Path, port: int, csp: str | None = STRICT_CSP):
    """Serve `directory` on 127.0.0.1:port like a strict static host for the duration of the block."""
    with serve(directory, port, type("Handler", (StrictHostHandler,), {"csp": csp})) as url:
        yield url


def switchable_host() -> type[StrictHostHandler]:
    """A handler class for `serve` that answers as a plain file server until `strict_host(handler)` turns it into
    the strict host: one build of a site, at the one URL it was built for, can be tested both ways."""
    return type("Handler", (StrictHostHandler,), {"strict": False})


@contextlib.contextmanager
def strict_host(handler: type[StrictHostHandler]):
    """For the duration of the block, the server of `handler` (from switchable_host) answers as a strict host."""
    handler.strict = True
    try:
        yield
    finally:
        handler.strict = False
