import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address, for the booking rate limit and the admin lockout.

    Behind N trusted proxies that append to X-Forwarded-For (settings.TRUSTED_PROXY_COUNT),
    the Nth address from the right; otherwise the socket's peer. The left-hand entries of
    X-Forwarded-For are the client's to forge, so they are never trusted.

    An IPv6 client is keyed on its /64: one home or phone holds a whole /64 and can send
    from any address in it, so counting single addresses would count nothing.
    """
    return network_key(peer_address(request))


def peer_address(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def network_key(address: str) -> str:
    """An IPv4 address as it is; an IPv6 address as the first address of its /64
    (an IPv4-mapped one as its IPv4 address). Anything else is returned unchanged."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%")[0])
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)
