"""PDF output: a Django template (the same HTML and SVG charts as the pages) rendered to PDF bytes by WeasyPrint.

Nothing is fetched over the network: the URL fetcher serves only Zicht's own static files (found the way the
static-files app finds them) and `data:` URLs, so a letter cannot leak to a third party or wait on one. Fonts come
from the operating system (Debian: fonts-dejavu-core), found through fontconfig; see ADR 0006.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Relative and root-relative URLs in the HTML resolve against this made-up origin; only its static path is served.
BASE_URL = "http://zicht.pdf/"
PRINT_STYLESHEET = "zicht/css/print.css"


def static_file_for(url: str) -> Path | None:
    """The local static file a URL names (`/static/…` under BASE_URL), or None for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or parts.netloc != urlsplit(BASE_URL).netloc:
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        return None
    relative = path.removeprefix(settings.STATIC_URL)
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # late: WeasyPrint loads Pango when imported

    class StaticFilesFetcher(URLFetcher):
        """Serves Zicht's static files and `data:` URLs; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file_for(url)
            if path is None:
                raise ValueError(f"PDF rendering fetches only local static files, not {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return StaticFilesFetcher(allowed_protocols={"http", "https", "data"}, allow_redirects=False)


def render_pdf(template_name: str, context: dict | None = None, *, request=None) -> bytes:
    """The template rendered with `context` as a PDF document, with the print stylesheet."""
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context or {}, request=request)
    fetcher = _fetcher()
    stylesheet = CSS(url=f"{BASE_URL.rstrip('/')}{settings.STATIC_URL}{PRINT_STYLESHEET}", url_fetcher=fetcher)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet])
