"""The address a login attempt came from, as login throttling (django-axes) counts it.

Production runs behind a TLS proxy (settings: SECURE_PROXY_SSL_HEADER), so REMOTE_ADDR is the proxy's
address for everyone: axes, which locks a (user name, address) pair, would then lock a user out for
*every* address after five wrong passwords typed by anyone — the very denial of service the per-pair lock
was chosen to avoid. Behind `INTLMON_PROXY_COUNT` proxies, the client is the entry that many places from
the right of X-Forwarded-For: each trusted proxy appends the address it saw, so the entries a client
writes itself stay on the left and cannot choose the counted address. Without proxies, REMOTE_ADDR.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    hops = getattr(settings, "INTLMON_PROXY_COUNT", 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")
