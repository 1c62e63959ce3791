"""The Procfile's gunicorn as deployed: reachable from this machine only (the proxy), and
with no control socket shared between instances."""

import socket

import pytest

from tests.reliability.conftest import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def accepts(host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def test_gunicorn_listens_on_loopback_only_and_makes_no_shared_control_socket(site, tmp_path):
    site.env.pop("XDG_RUNTIME_DIR", None)
    site.env["HOME"] = str(tmp_path)
    site.start_web()
    assert accepts("127.0.0.1", site.port)
    # 127.0.0.2 is this machine too, but not the address gunicorn bound: a listener on all
    # addresses (0.0.0.0, reachable from the network) would accept here.
    assert not accepts("127.0.0.2", site.port)
    assert f"Listening at: http://127.0.0.1:{site.port}" in site.log_text()
    assert not (tmp_path / ".gunicorn").exists(), "gunicorn made the shared ~/.gunicorn/gunicorn.ctl"


def test_bind_and_an_own_control_socket_when_asked_for(site, tmp_path):
    site.env["BIND"] = f"0.0.0.0:{site.port}"
    site.env["GUNICORN_CONTROL_SOCKET"] = str(tmp_path / "web-a.ctl")
    site.start_web()
    assert accepts("127.0.0.2", site.port)
    wait_until((tmp_path / "web-a.ctl").is_socket, 10, message="gunicorn's own control socket")
