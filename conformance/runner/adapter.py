"""One adapter process, spoken to per conformance/ADAPTER.md.

The runner owns the process: it starts it, sends one request line at a time
and waits for the answer line with a timeout. A crash, a hang or a garbled
answer becomes an AdapterFailure for that one request; the next request
restarts the process, so one bad case never hides the others.
"""
import json
import os
import selectors
import shlex
import subprocess
import time


class AdapterFailure(Exception):
    """The adapter died, hung, or answered something that is not protocol."""


class Adapter:
    def __init__(self, command, timeout=10.0, env=None):
        self.argv = shlex.split(command)
        self.timeout = timeout
        self.env = env
        self.proc = None
        self.buffer = b""
        self.next_id = 0
        self.restarts = 0

    def start(self):
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=self.env)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.buffer = b""

    def stop(self):
        if self.proc is None:
            return ""
        proc, self.proc = self.proc, None
        try:
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        err = proc.stderr.read().decode(errors="replace")
        proc.stdout.close()
        proc.stderr.close()
        return err

    def request(self, op, args=None, profile=None):
        """Returns the answer object; raises AdapterFailure."""
        if self.proc is None:
            self.start()
        self.next_id += 1
        req = {"id": self.next_id, "op": op, "args": args or {}}
        if profile is not None:
            req["profile"] = profile
        try:
            self.proc.stdin.write((json.dumps(req) + "\n").encode())
            self.proc.stdin.flush()
            line = self._read_line()
            answer = json.loads(line)
        except (OSError, ValueError, AdapterFailure) as err:
            self._fail(err)
        if not isinstance(answer, dict) or answer.get("id") != self.next_id:
            self._fail(f"answer does not match request id {self.next_id}: {line[:200]!r}")
        return answer

    def _fail(self, why):
        stderr = self.stop()
        self.restarts += 1
        tail = stderr.strip().splitlines()[-3:]
        raise AdapterFailure(f"{why}" + (f" | stderr: {' / '.join(tail)}" if tail else ""))

    def _read_line(self):
        deadline = time.monotonic() + self.timeout
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise AdapterFailure(f"no answer within {self.timeout:g} s")
                chunk = self.proc.stdout.read(65536)
                if not chunk:
                    code = self.proc.poll()
                    raise AdapterFailure(f"adapter exited (status {code})")
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()
