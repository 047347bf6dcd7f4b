"""vectors/media/bandwidth.json (spec/06-media.md 6.6): report traces and
the estimates and tiers the bandwidth estimator must give."""
import model_media
from model import report_fields
from vectorfile import build_files

GEN = "tools/vecgen/media_bwe.py"
NOTES = {
    "Verified": "Trajectory obtained from the original implementation at aa09275 "
                "(upstream facts, wire.md 12); asserted by the generator to the 4 decimals recorded.",
    "ProfileDifference": "The tier thresholds differ: wzp/1 derives them from the on-wire "
                         "rates (D-0044), upstream uses 25 and 8 kbps.",
    "BadParam": "A precondition is broken: the estimator refuses with bad_param.",
}
# upstream trajectories for new(50, 2, 100), wire.md 12
VERIFIED = {
    "rtt30": [50.0, 52.5, 55.125, 57.8813, 60.7753, 63.8141, 67.0048, 70.3550, 73.8728,
              77.5664, 81.4447, 85.5170, 89.7928, 94.2825, 98.9966, 100.0],
    "overuse": [50, 52.5, 55.125, 57.8813, 60.7753, 51.6590, 43.9102, 37.3236, 31.7251,
                26.9663, 22.9214, 19.4832, 16.5607, 14.0766, 11.9651],
}


def rep(rtt_ms, loss_pct=0):
    return report_fields(loss_pct, rtt_ms // 4, 0, 0)


def check(name, args):
    got = [s["_kbps"] for s in model_media.run_bwe(args, "wzp/1")]
    for g, want in zip(got, VERIFIED[name]):
        assert abs(g - want) < 6e-5, (name, g, want)


def cases(f):
    def add(comment, reqs, reports, init=(50, 2, 100), flags=()):
        args = {"initial_kbps": init[0], "min_kbps": init[1], "max_kbps": init[2],
                "reports": reports}

        def compute(profile):
            steps = model_media.run_bwe(args, profile)
            return {"steps": [{k: v for k, v in s.items() if k != "_kbps"} for s in steps]}
        f.add(comment, reqs, args, compute, flags)
        return args

    check("rtt30", add("20 x (28 ms, 0 %): underuse, +5 % a step, clamped at 100",
                       ["WZP-MEDIA-041", "WZP-MEDIA-043"], [rep(28)] * 20, flags=["Verified"]))
    check("overuse", add("5 x 20 ms then 10 x 200 ms: overuse, x0.85 a step",
                         ["WZP-MEDIA-041", "WZP-MEDIA-043"], [rep(20)] * 5 + [rep(200)] * 10,
                         flags=["Verified"]))
    add("15 x (20 ms, 10 % loss): loss congestion from the first report",
        ["WZP-MEDIA-042", "WZP-MEDIA-043"], [rep(20, 26)] * 15, flags=["Verified"])
    add("RTT 100, 100, 120, 160, 200, 88", ["WZP-MEDIA-041"],
        [rep(r) for r in (100, 100, 120, 160, 200, 88)], flags=["Verified"])
    add("loss window: 12 % once, then 0 %: congested until the mean falls to 5 %",
        ["WZP-MEDIA-042"], [rep(20, 31)] + [rep(20)] * 12)
    add("a window of exactly 5.0 % mean is not congested", ["WZP-MEDIA-042"],
        [rep(20, 0), rep(20, 0), rep(20, 0), rep(20, 0), rep(20, 0)] + [rep(20, 255)] * 0 +
        [rep(20, 51)] * 5 + [rep(20)] * 3)
    add("descent through the tiers from 120 kbps at 10 % loss",
        ["WZP-MEDIA-043", "WZP-MEDIA-044"], [rep(40, 26)] * 20, (120, 2, 200),
        ["ProfileDifference"])
    add("ascent from 5 kbps on a clean path", ["WZP-MEDIA-044"], [rep(40)] * 60, (5, 2, 200),
        ["ProfileDifference"])
    add("initial outside [min, max]: clamped only by the first update", ["WZP-MEDIA-040"],
        [rep(20)] * 2, (500, 2, 100))
    add("min = max = 0", ["WZP-MEDIA-040"], [rep(20)], (50, 0, 0))
    add("min above max", ["WZP-MEDIA-040"], [rep(20)], (50, 100, 2), ["BadParam"])


def files():
    return build_files(GEN, NOTES, [
        ("media/bandwidth.json", "Bandwidth estimator traces", "media.bwe.run",
         "Feed `reports` to an estimator made with (initial_kbps, min_kbps, max_kbps); per "
         "report the estimate (binary64 bits), the delay state and the tier it affords.",
         cases),
    ])
