"""vectors/crypto/session_events.json (spec/05-crypto.md 5.3): event traces
through the session state machine."""
import crypto_model as m
from vectorfile import build_files

GEN = "tools/vecgen/crypto_session.py"
NOTES = {
    "Verified": "The sequence of a unit test of the original implementation (seed 002, "
                "session.rs).",
    "Invalid": "An event the state does not accept: the trace says invalid_transition and "
               "the state is unchanged.",
    "SeedDocConflict": "A seed document says any state closes on Terminate or ConnectionLost; "
                       "the code, and this spec, refuse both in Idle and Closed (D-0016).",
}
# The shortest event path from Idle to each state.
PATH = {
    "Idle": [], "Connecting": ["Initiate"], "Handshaking": ["Initiate", "Connected"],
    "Active": ["Initiate", "Connected", "HandshakeComplete"],
    "Rekeying": ["Initiate", "Connected", "HandshakeComplete", "RekeyStart"],
    "Closed": ["Initiate", "ConnectionLost"],
}
REASONS = ["LocalHangup", "RemoteHangup", "Timeout", "Error"]


def event(name, now_ms, reason="LocalHangup"):
    e = {"event": name, "now_ms": now_ms}
    return {**e, "reason": reason} if name == "Terminate" else e


def timeline(names, start=0, step=100):
    return [event(n, start + i * step) for i, n in enumerate(names)]


def add(f, comment, reqs, events, query_ms, flags=()):
    f.add(comment, reqs, {"events": events, "query_ms": query_ms},
          lambda p: m.run_session(events, query_ms), flags)


def session_cases(f):
    happy = [event("Initiate", 0), event("Connected", 100), event("HandshakeComplete", 200),
             event("RekeyStart", 60000), event("RekeyComplete", 60100),
             event("Terminate", 120000)]
    add(f, "happy path (session.rs happy_path)", ["WZP-CRYPTO-040", "WZP-CRYPTO-041"], happy,
        120000, ["Verified"])
    add(f, "Connected in Idle (session.rs invalid_transition)", ["WZP-CRYPTO-040"],
        [event("Connected", 0)], 0, ["Verified", "Invalid"])
    add(f, "ConnectionLost in Active (session.rs connection_lost_from_active)",
        ["WZP-CRYPTO-040"], timeline(PATH["Active"] + ["ConnectionLost"]) , 5000, ["Verified"])
    for state, path in PATH.items():
        for name in m.EVENTS:
            events = timeline(path + [name])
            trace = m.run_session(events, 0)["trace"]
            flags = ["Invalid"] * (trace[-1] == "invalid_transition")
            if state in ("Idle", "Closed") and name in m.CLOSING:
                flags.append("SeedDocConflict")
            add(f, f"{state} on {name}", ["WZP-CRYPTO-040"], events, events[-1]["now_ms"],
                flags)
    for reason in REASONS:
        add(f, f"Terminate {reason} in Rekeying", ["WZP-CRYPTO-040"],
            timeline(PATH["Rekeying"]) + [event("Terminate", 900, reason)], 900)
    rekeys = PATH["Active"] + ["RekeyStart", "RekeyComplete"] * 3
    add(f, "three rekeys", ["WZP-CRYPTO-041"], timeline(rekeys), 5000)
    add(f, "RekeyComplete in Active is refused and counts nothing", ["WZP-CRYPTO-041"],
        timeline(PATH["Active"] + ["RekeyComplete", "RekeyStart", "RekeyComplete"]), 5000,
        ["Invalid"])
    for state, path in PATH.items():
        add(f, f"media active in {state}?", ["WZP-CRYPTO-042"], timeline(path), 1000)
    add(f, "time in state: 250 ms after the last transition", ["WZP-CRYPTO-043"],
        timeline(PATH["Active"], 1000, 50), 1350)
    add(f, "time in state: a refused event does not restart the clock", ["WZP-CRYPTO-043"],
        timeline(PATH["Handshaking"] + ["RekeyStart"], 1000, 500), 3000, ["Invalid"])
    add(f, "time in state: a clock before the last transition saturates at 0",
        ["WZP-CRYPTO-043"], timeline(PATH["Connecting"], 5000), 4000)
    add(f, "time in state: Idle counts from 0", ["WZP-CRYPTO-043"], [], 777)
    add(f, "time in state: u64 milliseconds", ["WZP-CRYPTO-043"],
        [event("Initiate", 2**53 - 10)], 2**53 - 1)


def files():
    return build_files(GEN, NOTES, [
        ("crypto/session_events.json", "Session state machine", "crypto.session.run",
         "Run `events` from Idle; the trace of states, then the session at `query_ms`.",
         session_cases),
    ])
