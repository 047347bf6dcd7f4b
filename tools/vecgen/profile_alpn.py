"""vectors/profiles/alpn.json (spec/01-profiles.md)."""
import model
from vectorfile import build_files

GEN = "tools/vecgen/profile_alpn.py"
NOTES = {
    "Upstream": "The ALPN the original implementation sends (wire.md 14).",
    "NearMiss": "Differs from a registered ALPN id by case, suffix, prefix or a NUL.",
}
CASES = [
    (b"wzp/1", "this project's protocol", ["WZP-PROF-001"], []),
    (b"wzp", "the original implementation", ["WZP-PROF-001"], ["Upstream"]),
    (b"WZP/1", "ALPN ids compare byte for byte", ["WZP-PROF-002"], ["NearMiss"]),
    (b"wzp/2", "a later version we do not speak", ["WZP-PROF-002"], ["NearMiss"]),
    (b"wzp/10", "prefix match is not a match", ["WZP-PROF-002"], ["NearMiss"]),
    (b"wzp/1\x00", "trailing NUL", ["WZP-PROF-002"], ["NearMiss"]),
    (b"wz", "truncated id", ["WZP-PROF-002"], ["NearMiss"]),
    (b"", "empty id", ["WZP-PROF-002"], []),
    (b"h3", "another protocol", ["WZP-PROF-002"], []),
]


def alpn_cases(f):
    for alpn, comment, reqs, flags in CASES:
        f.add(f"{alpn!r}: {comment}", reqs, {"alpn": alpn.hex()},
              lambda profile, a=alpn: {"profile": model.profile_from_alpn(a)}, flags)


def files():
    return build_files(GEN, NOTES, [
        ("profiles/alpn.json", "Profile selection by ALPN", "profile.from_alpn",
         "The negotiated ALPN protocol id (hex) selects the profile.", alpn_cases),
    ])
