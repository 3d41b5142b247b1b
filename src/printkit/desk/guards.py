"""What keeps other web pages and other machines away from the desk.

The desk holds names and e-mail addresses, also of people who did not agree
to share them, and can add people. A page the desk laptop visits must not
read or change any of it:

* Host: only the names the desk is served under are answered (loopback,
  the `--host` address, with the port). A page that rebinds its own domain
  to 127.0.0.1 sends its domain as Host and gets 421, so it reads nothing
  (DNS rebinding). When listening on every address (0.0.0.0, ::), any IP
  address is accepted as Host, since rebinding needs a domain name, and the
  token below is required anyway.
* Origin: a POST must come from the desk's own page (scheme, host and port);
  one without an Origin is taken only as a plain form post (what old
  browsers send), never as JSON. Fetch metadata saying "cross-site" is refused.
* Token: off the default loopback address, every request needs the token
  printed at start (a link parameter once, then an HttpOnly SameSite cookie).
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, Response, abort, redirect, request

TOKEN_COOKIE = "printkit_desk_token"
TOKEN_HEADER = "X-Desk-Token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
EVERY_ADDRESS = ("0.0.0.0", "::")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
SAFE_FETCH_SITES = ("same-origin", "none")


@dataclass
class Access:
    """Where the desk listens and what a request must carry. `port` None: any port (Flask's test client)."""

    host: str | None = None
    port: int | None = None
    token: str | None = None


def needs_token(host: str | None) -> bool:
    """A token whenever the desk listens anywhere but the default loopback address."""
    return host is not None and host not in LOOPBACK_NAMES


def host_allowed(header: str, access: Access) -> bool:
    """Whether a Host header names this desk (see the module's docstring)."""
    if any(char in header for char in "@/?#\\"):
        return False
    try:
        parts = urlsplit(f"//{header}")
        name, port = (parts.hostname or ""), (parts.port or 80)
    except ValueError:
        return False
    if access.port is not None and port != access.port:
        return False
    bind = (access.host or "").strip("[]").lower()
    return name in LOOPBACK_NAMES or (bool(bind) and name == bind) or (bind in EVERY_ADDRESS and is_ip(name))


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def same_origin() -> bool:
    """A POST from the desk's own page: its Origin, or a form post without one."""
    if request.headers.get("Sec-Fetch-Site", "none") not in SAFE_FETCH_SITES:
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return request.mimetype in FORM_TYPES
    return origin.lower() == f"{request.scheme}://{request.host}".lower()


def install_guards(app: Flask, access: Access) -> None:
    """Host, Origin and token checks before every request; no caching of personal data after."""

    @app.before_request
    def check_access():
        if not host_allowed(request.host, access):
            abort(421, "this desk does not answer under that name; open the address printkit printed when it started")
        if request.method not in ("GET", "HEAD") and not same_origin():
            abort(403, "requests from other sites are refused")
        if access.token is None:
            return None
        offered = (request.args.get("token") or request.headers.get(TOKEN_HEADER)
                   or request.cookies.get(TOKEN_COOKIE) or "")
        if not hmac.compare_digest(offered.encode(), access.token.encode()):
            abort(403, "this desk needs its access token: open the address printkit printed when it started")
        if "token" in request.args and request.method == "GET":
            response = redirect(request.path)
            response.set_cookie(TOKEN_COOKIE, access.token, httponly=True, samesite="Strict")
            return response
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = (
                "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'")
        return response
