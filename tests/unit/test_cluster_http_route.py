"""Sans-IO parts of `HTTP.clustered` in cluster mode (spec 07 §11.4, §11.6): hash-ring
placement, the request/response encoding shipped to the owner, the payload hash, and the
store's one re-placement (`reassign`)."""

import secrets

import pytest

from mesh.cluster.continuity.store import ContinuityError, ContinuityStore
from mesh.cluster.http_route import pack, payload_hash, unpack
from mesh.cluster.placement import place, ring, ring_hash
from mesh.cluster.route_link import client_name, is_route_client
from mesh.runtime.http.clustered import (
    ClusteredFailure,
    decode_request,
    decode_response,
    encode_request,
    encode_response,
)
from mesh.runtime.http.model import Request, Response

A, B, C = "a@127.0.0.1:4370", "b@127.0.0.2:4370", "c@127.0.0.3:4370"


def test_ring_is_sorted_by_name_hash_whatever_the_input_order():
    assert (
        ring([B, A, C, A])
        == ring([C, A, B])
        == tuple(sorted({A, B, C}, key=lambda n: (ring_hash(n), n)))
    )
    assert ring_hash("x") == int.from_bytes(__import__("hashlib").sha256(b"x").digest()[:8], "big")


def test_owner_by_key_hash_and_replica_is_the_next_member():
    order = ring([A, B, C])
    for i in range(50):
        key = f"http-route::Api.x::{i}"
        p = place(key, [C, B, A], 2)
        k = ring_hash("request::" + key) % 3
        assert (p.owner, p.replica) == (order[k], order[(k + 1) % 3])
        assert place(key, [A, B, C], 1).replica == ""  # N = 1: no replica
        assert place(key, [A, B, C], 1).owner == p.owner


def test_lone_member_owns_everything_without_replica():
    assert (place("k", [A], 2).owner, place("k", [A], 2).replica) == (A, "")
    with pytest.raises(ValueError):
        place("k", [], 1)


def test_random_keys_spread_over_both_members():
    owners = [
        place(f"http-route::M.h::{secrets.token_hex(8)}-{i}", [A, B], 2).owner for i in range(400)
    ]
    assert 120 < owners.count(A) < 280  # P(outside) < 1e-10 for a fair ring


def test_request_round_trip_and_payload_hash():
    req = Request("POST", "/items/7?x=1&y=%20", None, None, b"\xffbody", "1.1")
    req._raw_headers = [("X-Probe", "p1"), ("Content-Type", "text/plain")]
    req = req.with_params({"id": "7"})
    fields = encode_request(req)
    back = decode_request(unpack(pack(fields)))
    assert (back.method, back.path, back.query_string, back.body_bytes) == (
        "POST",
        "/items/7",
        "x=1&y=%20",
        b"\xffbody",
    )
    assert back.raw_headers == [("X-Probe", "p1"), ("Content-Type", "text/plain")]
    assert back.header("x-probe")._0 == "p1" and back.param("id")._0 == "7"
    assert back.query("y")._0 == "%20" and back.body() == "\ufffdbody"
    # the hash identifies the whole request: same request, same hash; any change, another
    assert payload_hash(pack(fields)) == payload_hash(pack(encode_request(req)))
    other = Request("POST", "/items/7?x=2&y=%20", None, None, b"\xffbody", "1.1")
    other._raw_headers = req.raw_headers
    other = other.with_params({"id": "7"})
    assert payload_hash(pack(encode_request(other))) != payload_hash(pack(fields))


def test_response_round_trip_and_malformed_reply():
    resp = Response(201, "créé", [("X-A", "1")])
    back = decode_response(unpack(pack(encode_response(resp))))
    assert (back.status, back.body, back.headers) == (201, "créé".encode(), [("X-A", "1")])
    assert decode_response(unpack(pack(encode_response(Response(204, b""))))).headers is None
    with pytest.raises(ClusteredFailure) as e:
        decode_response(["200", b"", None])
    assert e.value.reason.startswith("clustered_http_route_reply_decode_failed:")


def test_route_frames_refuse_maps_and_extensions():
    with pytest.raises(ValueError):
        unpack(pack({"a": 1}))


def test_route_client_identity():
    assert client_name("127.0.0.1", 4370) == "mesh-http-route@127.0.0.1:4370"
    assert client_name("::1", 4370) == "mesh-http-route@[::1]:4370"
    assert is_route_client("mesh-http-route@127.0.0.1:4370", 0)
    assert not is_route_client("mesh-http-route@127.0.0.1:4370", 7)  # members have creation
    assert not is_route_client("a@127.0.0.1:4370", 0)


def test_reassign_is_one_new_attempt_on_another_owner():
    st = ContinuityStore(A)
    d = st.submit(
        "http-route::M.h::k-1",
        "h",
        ingress=A,
        owner=B,
        replica="",
        replication_count=1,
        routed_remotely=True,
    )
    new = st.reassign(
        d.record.request_key,
        d.record.attempt_id,
        A,
        "",
        "clustered_http_route_connect_failed:127.0.0.2:4370:connection refused",
    )
    assert new.attempt_token > d.record.attempt_token
    assert (new.owner_node, new.routed_remotely, new.fell_back_locally, new.phase) == (
        A,
        False,
        True,
        "submitted",
    )
    e = st.diagnostics.entries[-1]
    assert (e.transition, e.reason.split(":")[0], e.metadata) == (
        "recovery_rollover",
        "clustered_http_route_connect_failed",
        (("previous_attempt_id", d.record.attempt_id),),
    )
    with pytest.raises(ContinuityError):  # only the current attempt can be re-placed
        st.reassign(d.record.request_key, d.record.attempt_id, A, "", "again")
    done = st.mark_completed(new.request_key, new.attempt_id, A)
    assert (done.phase, done.execution_node) == ("completed", A)
