"""Reports: the console summary, JUnit XML and the machine-readable JSON."""
import collections
import json
import xml.etree.ElementTree as ET


def counts(outcomes):
    c = collections.Counter(o.status for o in outcomes)
    return c["pass"], c["fail"], c["skip"]


def by_key(outcomes, key):
    groups = collections.defaultdict(list)
    for o in outcomes:
        for k in key(o):
            groups[k].append(o)
    return dict(sorted(groups.items()))


def console(outcomes, broken_files, out, max_failures=30, show_requirements=True):
    out.write("Results per file\n")
    for name, group in by_key(outcomes, lambda o: [o.file]).items():
        p, f, s = counts(group)
        mark = "FAIL" if f else "ok  "
        out.write(f"  {mark} {name:<48} {p:5d} passed {f:5d} failed {s:5d} skipped\n")
    for name, why in broken_files:
        out.write(f"  FAIL {name:<48} unreadable: {why}\n")
    if show_requirements:
        out.write("\nResults per requirement\n")
        for req, group in by_key(outcomes, lambda o: o.requirements).items():
            p, f, s = counts(group)
            mark = "FAIL" if f else ("skip" if not p else "ok  ")
            out.write(f"  {mark} {req:<16} {p:5d} passed {f:5d} failed {s:5d} skipped\n")
    failures = [o for o in outcomes if o.status == "fail"]
    if failures:
        out.write(f"\nFailures ({len(failures)}, first {min(len(failures), max_failures)})\n")
        for o in failures[:max_failures]:
            out.write(f"  {o.name} [{', '.join(o.requirements)}] {o.comment}\n")
            out.write(f"      {o.detail}\n")
    p, f, s = counts(outcomes)
    f += len(broken_files)
    out.write(f"\nconformance: {p} passed, {f} failed, {s} skipped\n")


def junit(outcomes, broken_files, path):
    suites = ET.Element("testsuites", name="wzp-conformance")
    for name, group in by_key(outcomes, lambda o: [o.file]).items():
        p, f, s = counts(group)
        suite = ET.SubElement(suites, "testsuite", name=name, tests=str(len(group)),
                              failures=str(f), skipped=str(s))
        for o in group:
            case = ET.SubElement(suite, "testcase", classname=name,
                                 name=f"tcId {o.tc_id} [{o.profile}] {o.comment}")
            ET.SubElement(case, "properties").extend(
                ET.Element("property", name="requirement", value=r) for r in o.requirements)
            if o.status == "fail":
                ET.SubElement(case, "failure", message=o.detail)
            elif o.status == "skip":
                ET.SubElement(case, "skipped", message=o.detail)
    for name, why in broken_files:
        suite = ET.SubElement(suites, "testsuite", name=name, tests="1", failures="1")
        ET.SubElement(ET.SubElement(suite, "testcase", classname=name, name="load"),
                      "failure", message=why)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)


def machine(outcomes, broken_files, path):
    doc = {"cases": [{"file": o.file, "tcId": o.tc_id, "profile": o.profile,
                      "requirements": o.requirements, "status": o.status,
                      "detail": o.detail} for o in outcomes],
           "brokenFiles": [{"file": n, "why": w} for n, w in broken_files]}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
