"""The BIP39 wordlist: the committed data file has the SHA-256 the spec
fixes (WZP-CRYPTO-008), and the C table compiled into libwzp is generated
from it (tools/gen-wordlist)."""
import hashlib
import subprocess

from conftest import ROOT

SHA256 = "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"


def test_wordlist_data_file_has_the_fixed_sha256():
    data = (ROOT / "spec" / "data" / "bip39-english.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256
    assert SHA256 in (ROOT / "spec" / "05-crypto.md").read_text()


def test_c_table_is_generated_from_the_data_file():
    proc = subprocess.run(["/usr/bin/python3", str(ROOT / "tools" / "gen-wordlist"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
