"""vectors/media/tier_controller.json (spec/06-media.md 6.5): report
sequences and the tier decisions they cause."""
import model_media
from model import report_fields
from vectorfile import build_files

GEN = "tools/vecgen/media_tier.py"
NOTES = {
    "Verified": "Decision obtained from the original implementation at aa09275 "
                "(upstream facts, wire.md 9).",
    "Threshold": "A report adjacent to a threshold; the binary32 loss decides.",
    "DiagramConflict": "ARCHITECTURE.md's diagram would decide otherwise (D-0043).",
}


def rep(loss_pct=0, rtt_4ms=0):
    return report_fields(loss_pct, rtt_4ms, 0, 0)


G, D, C = rep(), rep(26), rep(103)


def cases(f):
    def add(comment, reqs, reports, flags=()):
        f.add(comment, reqs, {"reports": reports},
              lambda p: model_media.run_tiers(reports), flags)

    for (loss, rtt), _ in (((25, 100), "good"), ((26, 0), "degraded"), ((0, 101), "degraded"),
                           ((0, 150), "degraded"), ((0, 151), "catastrophic"),
                           ((102, 0), "degraded"), ((103, 0), "catastrophic")):
        add(f"3 x (loss_pct {loss}, rtt_4ms {rtt})", ["WZP-MEDIA-030"], [rep(loss, rtt)] * 3,
            ["Verified", "Threshold"])
    add("Good + D, C, D: Degraded on the third", ["WZP-MEDIA-031"], [D, C, D], ["Verified"])
    add("Good + C, D, C: Catastrophic on the third", ["WZP-MEDIA-031"], [C, D, C], ["Verified"])
    add("Good + C, C, G, C, C: the Good report resets the count", ["WZP-MEDIA-031"],
        [C, C, G, C, C], ["Verified"])
    add("Catastrophic, then 9 Degraded and 1 Good: up one step on the 10th",
        ["WZP-MEDIA-032"], [C] * 3 + [D] * 9 + [G], ["Verified"])
    add("Catastrophic, then 20 Good: Degraded after 10, Good after 20",
        ["WZP-MEDIA-032"], [C] * 3 + [G] * 20, ["DiagramConflict"])
    add("Degraded, then 9 Good and one Degraded: no upgrade", ["WZP-MEDIA-032"],
        [D] * 3 + [G] * 9 + [D] + [G] * 9)
    add("loss 6 % and 150 ms (the diagram's Degraded) stays Good", ["WZP-MEDIA-030"],
        [rep(16, 38)] * 5, ["DiagramConflict"])
    add("loss 20 % (the diagram's Catastrophic) is Degraded", ["WZP-MEDIA-030", "WZP-MEDIA-031"],
        [rep(51)] * 5, ["DiagramConflict"])
    add("recovery needs 10, not 3, better reports", ["WZP-MEDIA-032"], [D] * 3 + [G] * 5,
        ["DiagramConflict"])


def files():
    return build_files(GEN, NOTES, [
        ("media/tier_controller.json", "Tier controller decisions", "media.tier.run",
         "Feed `reports` to a fresh tier controller (starting Good); per report, its "
         "classification, the tier after it and whether the tier changed.", cases),
    ])
