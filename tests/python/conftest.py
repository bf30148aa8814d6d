"""Fixtures for the tests of the Python module (run by tests/e2e/python.sh).

WHOSAID names the command line whose output the module must equal, and
WHOSAID_SHARED the shared data (../shared next to the checkout); tests
that read it skip with a notice when it is absent.
"""
import json
import os
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("WHOSAID_SHARED") or os.path.join(ROOT, "..", "shared")
SEED = os.path.join(SHARED, "seed", "000_4ecd10820ece11c0.txt")
DEV = os.path.join(SHARED, "data", "polnear", "dev", "text")


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("WHOSAID") or os.path.join(ROOT, "build", "whosaid")
    if not os.access(path, os.X_OK):
        pytest.fail("no whosaid binary at %s (make first)" % path)
    return path


def run_cli(cli, *args, stdin=None):
    """The JSON lines of a command, parsed."""
    p = subprocess.run([cli, *args], input=stdin, capture_output=True, check=False)
    assert p.returncode in (0, 2), p.stderr.decode()
    return [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]


@pytest.fixture(scope="session")
def seed():
    if not os.path.isfile(SEED):
        pytest.skip("SKIPPED: %s is absent here (CI has it)" % SEED)
    return SEED


@pytest.fixture(scope="session")
def dev_files():
    if not os.path.isdir(DEV):
        pytest.skip("SKIPPED: %s is absent here (CI has it)" % DEV)
    return sorted(os.path.join(DEV, f) for f in os.listdir(DEV) if f.endswith(".txt"))


@pytest.fixture(scope="session")
def extractor():
    import whosaid

    return whosaid.Extractor()
