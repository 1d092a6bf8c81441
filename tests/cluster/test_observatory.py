"""`mesh observatory` end to end (issue 18): two real nodes running
examples/cluster/observatory_demo.mpl under HTTP load, the real `mesh observatory`
process, and Debian's Chromium driven headless through every view by Selenium. What the
page shows is checked against what the program is known to run (three supervised
counters, a hoarder with 25 waiting parcels, a crashing actor, clustered requests,
ping-pong between the nodes), a kill needs its confirmation and is logged, a SIGKILLed
node turns unhealthy (polled with a generous deadline, not timed), and the cookie shows up nowhere.

With MESH_UPDATE_SCREENSHOTS=1 the views are saved to docs/images/ for
docs/observatory.md.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

import pytest
from cluster_app import ROOT, Node, build, clean_env, mesh_cmd, poll
from mesh_build import shared_free_port

COOKIE = "observatory-cookie-7f3a9c"
HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS = 500, 1500
POLL_MS = 300
SHOTS = ROOT / "docs" / "images"
UPDATE_SHOTS = os.environ.get("MESH_UPDATE_SCREENSHOTS") == "1"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
)


def _browser_paths() -> tuple[str, str] | None:
    found = shutil.which("chromium"), shutil.which("chromedriver")
    return found if all(found) else None


def _ensure_chromium() -> tuple[str, str]:
    """Debian's chromium + chromium-driver, installed with apt-get when running as root
    (CI does); skipped only when they are missing and we may not install them."""
    if _browser_paths() is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        cmd = ["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"]
        if subprocess.run(cmd, env=env, capture_output=True, timeout=900).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
            subprocess.run(cmd, env=env, capture_output=True, timeout=900)
    paths = _browser_paths()
    if paths is None:
        assert os.geteuid() != 0, "apt-get could not install chromium and chromium-driver"
        pytest.skip("chromium and chromium-driver are missing and we are not root")
    return paths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def exe(tmp_path_factory):
    src = (ROOT / "examples" / "cluster" / "observatory_demo.mpl").read_text(encoding="utf-8")
    return build(src, tmp_path_factory.mktemp("observatory"))


@pytest.fixture
def cluster(exe):
    port = shared_free_port()
    hosts = ["127.0.0.1", "127.0.0.2"]
    made = []
    for i, host in enumerate(hosts):
        me, peer = "ab"[i], "ba"[i]
        env = {
            "MESH_CLUSTER_COOKIE": COOKIE,
            "MESH_DISCOVERY_SEED": ",".join(hosts),
            "MESH_DISCOVERY_INTERVAL_MS": "100",
            "MESH_CLUSTER_PORT": str(port),
            "MESH_NODE_NAME": f"{me}@{host}:{port}",
            "MESH_CONTINUITY_ROLE": "primary" if i == 0 else "standby",
            "MESH_HEARTBEAT_INTERVAL_MS": str(HEARTBEAT_INTERVAL_MS),
            "MESH_HEARTBEAT_TIMEOUT_MS": str(HEARTBEAT_TIMEOUT_MS),
            "HTTP_PORT": str(_free_port()),
            "PONG_NAME": f"pong_{me}",
            "PEER_PONG": f"pong_{peer}",
        }
        n = Node(exe, env, env["MESH_NODE_NAME"], COOKIE)
        n.http_port = int(env["HTTP_PORT"])
        made.append(n)
    names = sorted(n.name for n in made)
    try:
        for n in made:
            poll(
                lambda n=n: (n.status() or {}).get("membership", {}).get("nodes"),
                lambda v: v == names,
                what=f"{n.name} membership",
            )
        yield made
    finally:
        for n in made:
            n.kill()


class Load:
    """Keep-alive HTTP clients hitting GET /text and the clustered GET /pair/:id."""

    def __init__(self, nodes):
        self.stop = threading.Event()
        self.done = {"/text": 0, "/pair": 0}
        self.threads = [
            threading.Thread(target=self._run, args=(n.http_port, path), daemon=True)
            for n, path in ((nodes[0], "/text"), (nodes[1], "/pair"))
        ]
        for t in self.threads:
            t.start()

    def _run(self, port, path):
        i = 0
        while not self.stop.is_set():
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                while not self.stop.is_set():
                    i += 1
                    c.request("GET", path if path == "/text" else f"/pair/{i}")
                    r = c.getresponse()
                    r.read()
                    if r.status == 200:
                        self.done[path] += 1
                    time.sleep(0.005)
            except OSError:
                time.sleep(0.05)  # the node is starting, or was killed on purpose

    def close(self):
        self.stop.set()
        for t in self.threads:
            t.join(10)


class Observatory:
    def __init__(self, seed: str, *extra: str, cookie: str = COOKIE):
        self.p = subprocess.Popen(
            mesh_cmd()
            + [
                "observatory",
                seed,
                "--port",
                "0",
                "--interval-ms",
                str(POLL_MS),
                "--timeout-ms",
                "1000",
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=clean_env({"MESH_CLUSTER_COOKIE": cookie}),
            stdin=subprocess.DEVNULL,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, sink in ((self.p.stdout, self.out), (self.p.stderr, self.err)):
            threading.Thread(
                target=lambda s=stream, k=sink: [k.append(x.rstrip("\n")) for x in s], daemon=True
            ).start()

    def url(self) -> str:
        line = poll(
            lambda: next((x for x in self.out if "http://" in x), None),
            bool,
            timeout=20,
            what=f"the Observatory's URL (stderr: {self.err})",
        )
        return re.search(r"http://\S+", line).group(0)

    def close(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGINT)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(5)


@pytest.fixture
def browser():
    chromium, driver = _ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="mesh-observatory-chromium-")
    for flag in CHROMIUM_FLAGS + (f"--user-data-dir={profile}",):
        opts.add_argument(flag)
    d = webdriver.Chrome(options=opts, service=Service(driver))
    try:
        yield d
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _until(d, fn, what: str, timeout: float = 60.0):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    def check(drv):
        try:
            return fn(drv)
        except StaleElementReferenceException:  # the page re-rendered under us
            return False

    return WebDriverWait(d, timeout, poll_frequency=0.05).until(check, f"waiting for {what}")


def _show(d, view: str):
    d.find_element("css selector", f'nav a[data-view="{view}"]').click()
    _until(d, lambda d: _q(d, f"#view-{view}.active"), f"the {view} view")


_QUERY = """return [...document.querySelectorAll(arguments[0])].map((e) => ({
  text: e.textContent, shown: e.getClientRects().length > 0,
  a: Object.fromEntries([...e.attributes].map((x) => [x.name, x.value])),
  cells: [...e.querySelectorAll('td')].map((c) => ({text: c.textContent, cls: c.className}))}));"""


def _q(d, sel: str) -> list[dict]:
    """The elements matching `sel`, read in one go inside the page: the page re-renders
    after every poll round, so element handles kept across calls would go stale."""
    return d.execute_script(_QUERY, sel)


def _attrs(d, sel: str, attr: str) -> list[str]:
    return [e["a"].get(attr) for e in _q(d, sel)]


def _click(d, sel: str):
    """A real click on the (re-rendered) element matching `sel`."""

    def go(d):
        d.find_element("css selector", sel).click()
        return True

    _until(d, go, f"clicking {sel}")


def _shot(d, name: str):
    if UPDATE_SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        d.save_screenshot(str(SHOTS / f"observatory-{name}.png"))


def _no_cookie(d, obs: Observatory):
    assert COOKIE not in d.page_source
    assert COOKIE not in d.execute_script("return JSON.stringify(state)")
    assert COOKIE not in "\n".join(obs.out + obs.err)


def _filter(d, text: str):
    from selenium.webdriver.common.keys import Keys

    box = d.find_element("id", "proc-filter")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    if text:
        box.send_keys(text)


def test_wrong_cookie_gives_a_clear_error_and_no_data(cluster):
    a = cluster[0]
    obs = Observatory(a.name, cookie="not-the-cookie")
    try:
        assert obs.p.wait(20) == 1
    finally:
        obs.close()
    poll(lambda: obs.err, bool, what="the error line")
    err = "\n".join(obs.err)
    assert f"error: operator query observe target {a.name} unavailable:" in err
    assert "cookie mismatch" in err
    assert not any("http://" in line for line in obs.out)  # no UI was served
    assert "not-the-cookie" not in err + "\n".join(obs.out) and COOKIE not in err


@pytest.mark.slow
def test_observatory_in_a_browser(cluster, browser):
    a, b = cluster
    load = Load(cluster)
    obs = Observatory(a.name)
    d = browser
    try:
        url = obs.url()
        _guards(url)
        d.get(url)
        _until(d, lambda d: _q(d, "#conn-status.up"), "the WebSocket")
        _cluster_view(d, a, b, load)
        _message_counts(d, a)
        victim_id = _process_views(d, a)
        _kill(d, a, obs, victim_id)
        _events_view(d, a, victim_id)
        _requests_view(d, a, b)
        _traffic_view(d, a, b)
        _no_cookie(d, obs)

        # -- a killed node turns unhealthy (the node sees the session end, or misses the
        # heartbeats; the deadline is generous, not the heartbeat timeout: on a loaded
        # machine the browser's 300 ms polls and re-rendering alone can take longer)
        _show(d, "cluster")
        b.kill()
        _until(
            d,
            lambda d: _q(d, f'.node-card[data-node="{b.name}"][data-health="unhealthy"]'),
            "the killed node shown unhealthy",
        )
        _until(d, lambda d: not _q(d, "#topology line.link"), "the link gone")
        card = _q(d, f'.node-card[data-node="{b.name}"]')[0]
        assert "unavailable" in card["text"] or "timed out" in card["text"]
        assert _q(d, f'.node-card[data-node="{a.name}"][data-health="healthy"]')
        _shot(d, "node-down")
        _no_cookie(d, obs)
    finally:
        load.close()
        obs.close()


def _cluster_view(d, a, b, load):
    """Both nodes healthy and linked, found through the seed; process counts shown."""
    _until(d, lambda d: len(_q(d, '.node-card[data-health="healthy"]')) == 2, "two healthy nodes")
    assert sorted(_attrs(d, ".node-card", "data-node")) == sorted([a.name, b.name])
    assert len(_q(d, "#topology line.link")) == 1
    # main, keep-alive, Workers, 3 counters, hoarder, ponger, pinger (+ HTTP connections)
    _until(d, lambda d: all(int(e["text"]) >= 9 for e in _q(d, ".node-procs")), "process counts")
    _until(d, lambda d: load.done["/text"] > 20 and load.done["/pair"] > 20, "load")
    _shot(d, "cluster")


FEEDS = 7  # GET /feed requests: each sends exactly one message to the node's `tally`


def _message_counts(d, a):
    """Messages in / out and run time, counted from the moment the Observatory attached:
    the tally receives exactly one message per GET /feed and sends none."""
    _show(d, "processes")
    _filter(d, "tally")
    _until(d, lambda d: _attrs(d, "tr.proc-row", "data-name") == ["tally"], "the tally")
    tally = _q(d, "tr.proc-row")[0]
    assert tally["a"]["data-in"] == "0"  # shown in a snapshot: the counters are attached
    c = http.client.HTTPConnection("127.0.0.1", a.http_port, timeout=5)
    try:
        for _ in range(FEEDS):
            c.request("GET", "/feed")
            r = c.getresponse()
            assert (r.status, r.read()) == (200, b"fed")
    finally:
        c.close()
    _until(d, lambda d: _attrs(d, "tr.proc-row", "data-in") == [str(FEEDS)], "the tally's count")
    tally = _q(d, "tr.proc-row")[0]
    assert tally["a"]["data-out"] == "0" and float(tally["a"]["data-run-ms"]) > 0
    assert [c["text"] for c in tally["cells"][5:7]] == [str(FEEDS), "0"]
    _click(d, f'tr.proc-row[data-id="{tally["a"]["data-id"]}"]')
    _until(
        d,
        lambda d: f"Messages in{FEEDS}Messages out0" in _q(d, "#detail-facts")[0]["text"],
        "the tally's counts in its detail",
    )
    assert "Run time" in _q(d, "#detail-facts")[0]["text"]
    _click(d, "#detail-close")

    # sortable: "In" sorts largest first; the ponger (pinged every ~20 ms) is above the tally
    _filter(d, "")
    _click(d, '#proc-table th[data-sort="msgs_in"]')
    _until(d, lambda d: _q(d, '#proc-table th[data-sort="msgs_in"].sorted-desc'), "the sort")
    counts = [int(x) for x in _attrs(d, "tr.proc-row", "data-in")]
    assert counts == sorted(counts, reverse=True) and counts[0] > FEEDS
    names = _attrs(d, "tr.proc-row", "data-name")
    assert names.index("ponger") < names.index("tally")
    _shot(d, "message-counts")
    _click(d, '#proc-table th[data-sort="msgs_out"]')
    _until(d, lambda d: _q(d, '#proc-table th[data-sort="msgs_out"].sorted-desc'), "the sort")
    outs = [int(x) for x in _attrs(d, "tr.proc-row", "data-out")]
    assert outs == sorted(outs, reverse=True) and outs[0] > 0


def _process_views(d, a) -> str:
    """The seed's process table and two process details; returns a counter's id."""
    _show(d, "processes")
    _until(d, lambda d: "main" in _attrs(d, "tr.proc-row", "data-name"), "the process table")
    workers = [r for r in _q(d, "tr.proc-row") if r["a"]["data-name"] == "Workers"]
    assert len(workers) == 1
    sup_pid = workers[0]["cells"][0]["text"]
    _filter(d, "counter")
    _until(d, lambda d: set(_attrs(d, "tr.proc-row", "data-name")) == {"counter"}, "the filter")
    counters = _q(d, "tr.proc-row")
    assert len(counters) == 3  # the supervisor's three children, all supervised by it
    assert {r["cells"][10]["text"] for r in counters} == {sup_pid}
    _filter(d, "")
    _click(d, '#proc-table th[data-sort="mailbox"]')
    _until(d, lambda d: _attrs(d, "tr.proc-row", "data-name")[0] == "hoarder", "sorting by mailbox")
    top = _q(d, "tr.proc-row")[0]
    assert top["a"]["data-mailbox"] == "25"
    assert "mailbox-warm" in top["cells"][4]["cls"]

    # the hoarder's waiting messages: their types, never their values
    _click(d, f'tr.proc-row[data-id="{top["a"]["data-id"]}"]')
    _until(
        d,
        lambda d: [e["text"] for e in _q(d, "#detail-mailbox-types li")] == ["String"] * 20,
        "the hoarder's mailbox types (20 shown)",
    )
    assert "parcel" not in _q(d, "#proc-detail")[0]["text"]
    assert "not supervised" in _q(d, "#detail-supervision")[0]["text"]

    # a counter: linked to Workers, in its supervision tree with its two siblings
    _filter(d, "counter")
    _until(d, lambda d: len(_q(d, "tr.proc-row")) == 3, "the counters")
    victim_id = _attrs(d, "tr.proc-row", "data-id")[0]
    _click(d, f'tr.proc-row[data-id="{victim_id}"]')
    _until(
        d,
        lambda d: _attrs(d, "#detail-supervision li.focus", "data-id") == [victim_id],
        "the supervision tree",
    )
    assert "Workers" in _q(d, "#detail-links")[0]["text"]
    tree = _q(d, "#detail-supervision")[0]["text"]
    assert "Workers" in tree and tree.count("counter") == 3
    _shot(d, "processes")
    return victim_id


def _kill(d, a, obs, victim_id: str):
    """Cancel does nothing; confirming kills, the supervisor restarts, both sides log."""
    _click(d, "#kill-btn")
    _until(d, lambda d: _q(d, "#confirm-dialog")[0]["shown"], "the confirmation")
    assert f"<0.{victim_id}>" in _q(d, "#confirm-text")[0]["text"]
    _shot(d, "kill-confirmation")
    _click(d, "#cancel-kill")
    rounds = d.execute_script("return state.round")
    _until(
        d, lambda d: d.execute_script("return state.round") >= rounds + 3, "three poll rounds"
    )  # in which the process must stay alive
    assert victim_id in _attrs(d, "tr.proc-row", "data-id")
    assert not _q(d, "#log-table tr.log-row")
    _click(d, "#kill-btn")
    _until(d, lambda d: _q(d, "#confirm-dialog")[0]["shown"], "the confirmation")
    _click(d, "#confirm-kill")
    _until(
        d,
        lambda d: (
            victim_id not in _attrs(d, "tr.proc-row", "data-id") and len(_q(d, "tr.proc-row")) == 3
        ),
        "the restarted counter",
    )
    assert a.p.poll() is None
    poll(
        lambda: a.err,
        lambda e: any(f"operator killed <0.{victim_id}> (counter)" in x for x in e),
        what="the node's log line",
    )
    assert any(f"kill <0.{victim_id}> (counter) on {a.name}: killed" in x for x in obs.out)
    _show(d, "log")
    _until(
        d,
        lambda d: _attrs(d, "#log-table tr.log-row", "data-pid") == [f"<0.{victim_id}>"],
        "the operator log",
    )


def _events_view(d, a, victim_id: str):
    """The stream shows the killed counter and a crash with its reason."""
    conn = http.client.HTTPConnection("127.0.0.1", a.http_port, timeout=5)
    conn.request("GET", "/crash")
    assert conn.getresponse().status == 200
    _show(d, "events")
    _click(d, "#events-crashes-only")
    _until(d, lambda d: "fragile" in _attrs(d, "tr.event-row", "data-name"), "the crash")
    rows = _q(d, "tr.event-row")
    assert all(r["a"]["data-abnormal"] == "true" for r in rows)
    crash = next(r for r in rows if r["a"]["data-name"] == "fragile")
    assert "fragile actor gave up" in crash["text"] and crash["a"]["data-node"] == a.name
    killed = [r["text"] for r in rows if r["a"]["data-name"] == "counter"]
    assert any(f"<0.{victim_id}>" in t and "killed" in t for t in killed)
    _shot(d, "crashes")
    _click(d, "#events-crashes-only")
    _until(
        d,
        lambda d: {"spawn", "exit"} <= set(_attrs(d, "tr.event-row", "data-event")),
        "spawn and exit events",
    )
    _shot(d, "events")


def _requests_view(d, a, b):
    """The waterfall has both routes; the clustered one names where it ran."""
    _show(d, "requests")
    _until(
        d,
        lambda d: {"/text", "/pair/:id"} <= set(_attrs(d, ".wf-row", "data-route")),
        "the waterfall",
    )
    clustered = _q(d, '.wf-row[data-route="/pair/:id"]')
    assert all(r["a"]["data-clustered"] == "true" for r in clustered)
    assert any("→" in r["text"] for r in clustered)
    stats = {
        (r["a"]["data-node"], r["a"]["data-route"]): int(r["a"]["data-count"])
        for r in _q(d, "#route-stats tbody tr")
    }
    assert stats[(a.name, "/text")] > 0 and stats[(b.name, "/pair/:id")] > 0
    _shot(d, "requests")


def _traffic_view(d, a, b):
    """The pingers' frames and bytes, both ways."""
    _show(d, "traffic")

    def both_ways(d):
        rows = _q(d, "#traffic-table tr[data-from]")
        return {
            (r["a"]["data-from"], r["a"]["data-to"])
            for r in rows
            if int(r["a"]["data-frames-out"]) > 0 and int(r["a"]["data-bytes-out"]) > 0
        }

    _until(d, lambda d: both_ways(d) == {(a.name, b.name), (b.name, a.name)}, "traffic both ways")
    _shot(d, "traffic")


def _guards(url: str):
    """The page refuses a foreign Host (DNS rebinding) and a cross-site WebSocket."""
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("GET", "/", headers={"Host": "attacker.example"})
    assert c.getresponse().status == 421
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request(
        "GET",
        "/ws",
        headers={
            "Origin": "http://attacker.example",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
    )
    assert c.getresponse().status == 403
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("GET", "/")
    r = c.getresponse()
    assert r.status == 200 and "default-src 'self'" in r.getheader("Content-Security-Policy")
    assert "://" not in r.read().decode()  # every asset from this server: no CDN
