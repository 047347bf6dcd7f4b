"""Builds one vector file in the schema of vectors/README.md.

A case is computed by the model once per profile. Cases whose outcome is
the same in both profiles go to a group that lists both; the others go to a
group of their own profile, so each file has at most three groups and a
reader sees at once where the profiles differ.
"""
import json

from model import PROFILES, V1, UPSTREAM, WireError

SCHEMA = "wzp-vectors/1"


def outcome(compute, profile):
    try:
        return {"result": "valid", "expect": compute(profile)}
    except WireError as err:
        return {"result": "invalid", "error": err.code}


class VectorFile:
    def __init__(self, path, title, op, generator, description, notes):
        self.path = path
        self.head = {"schema": SCHEMA, "title": title, "generator": generator,
                     "description": description, "notes": notes}
        self.op = op
        self.groups = {PROFILES: [], (V1,): [], (UPSTREAM,): []}

    def add(self, comment, requirements, args, compute, flags=()):
        """compute(profile) returns the result dict or raises WireError."""
        by_profile = {p: outcome(compute, p) for p in PROFILES}
        for flag in flags:
            if flag not in self.head["notes"]:
                raise ValueError(f"{self.path}: flag {flag} has no note")
        case = {"comment": comment, "requirements": sorted(requirements),
                "flags": list(flags), "args": args}
        if by_profile[V1] == by_profile[UPSTREAM]:
            self.groups[PROFILES].append({**case, **by_profile[V1]})
            return
        for p in PROFILES:
            self.groups[(p,)].append({**case, **by_profile[p]})

    def document(self):
        groups, tc_id, reqs = [], 0, set()
        for profiles, cases in self.groups.items():
            if not cases:
                continue
            tests = []
            for case in cases:
                tc_id += 1
                tests.append({"tcId": tc_id, **case})
                reqs.update(case["requirements"])
            groups.append({"op": self.op, "profiles": list(profiles), "tests": tests})
        return {**self.head, "requirements": sorted(reqs), "numberOfTests": tc_id,
                "testGroups": groups}

    def text(self):
        return json.dumps(self.document(), indent=1, ensure_ascii=False) + "\n"


def build_files(generator, notes, specs):
    """One VectorFile per (path, title, op, description, fill) spec, where
    fill(vector_file) adds the cases."""
    files = []
    for path, title, op, description, fill in specs:
        vf = VectorFile(path, title, op, generator, description, notes)
        fill(vf)
        files.append(vf)
    return files
