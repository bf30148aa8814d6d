"""`pip install --no-build-isolation .` (offline, Debian's setuptools) installs
a module that works with the knowledge files installed beside it."""
import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import ROOT


def test_pip_install(tmp_path):
    if os.environ.get("WHOSAID_SANITIZED"):
        pytest.skip("SKIPPED: pip builds a module without sanitizers; the build without them runs this")
    # looked up, not imported: setuptools in this process would clash with
    # the distutils that pandas may have imported
    for m in ("pip", "setuptools", "wheel"):
        if importlib.util.find_spec(m) is None:
            pytest.skip("SKIPPED: no %s for %s (Debian: python3-%s)" % (m, sys.executable, m))
    target = tmp_path / "site"
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    p = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-deps",
                        "--target", str(target), ROOT], env=env, capture_output=True, text=True, timeout=900,
                       check=False)
    assert p.returncode == 0, p.stderr[-3000:]
    assert (target / "whosaid.pyi").is_file()
    assert (target / "whosaid_data" / "verbs.tsv").is_file()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "WHOSAID_DATA")}
    env["PYTHONPATH"] = str(target)
    code = ("import whosaid; e = whosaid.Extractor(); print(e.data_dir); "
            "print(len(e.extract('\"We will not back down,\" Prime Minister Giorgia Meloni said.')))")
    p = subprocess.run([sys.executable, "-c", code], env=env, cwd=str(tmp_path), capture_output=True, text=True,
                       check=False)
    assert p.returncode == 0, p.stderr
    data_dir, n = p.stdout.split()
    assert data_dir == str(target / "whosaid_data")
    assert n == "1"
