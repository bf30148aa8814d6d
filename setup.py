"""Installs the Python module `whosaid` (python/) with pip:

    /usr/bin/python3 -m pip install --no-build-isolation .

offline, with Debian's python3-setuptools and python3-wheel (inside a
virtual environment, or with --user/--target; Debian refuses installs into
its own python3 otherwise).  The module is built by `make python` (the
Makefile holds the one build recipe: compiler flags, the library's sources
compiled as position-independent code, the libraries linked), then copied
with its type stubs (whosaid.pyi).  The knowledge files (data/) are
installed beside it as whosaid_data/, where the module finds them.
"""
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


class MakeBuildExt(build_ext):
    """Builds the extension with `make python` for the running interpreter."""

    def build_extension(self, ext):
        build = os.path.join(os.path.abspath(self.build_temp), "make")
        subprocess.run(["make", "-C", HERE, "-j2", "BUILD=" + build, "PYTHON=" + sys.executable, "python"],
                       check=True)
        out = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        shutil.copyfile(os.path.join(build, "python", os.path.basename(out)), out)
        shutil.copyfile(os.path.join(HERE, "python", "whosaid.pyi"),
                        os.path.join(os.path.dirname(out), "whosaid.pyi"))


setup(
    name="whosaid",
    version="0.1.0",
    description="Who said what in news text: attributed statements, from C",
    license="see the repository",
    ext_modules=[Extension("whosaid", sources=["python/module.c"])],
    cmdclass={"build_ext": MakeBuildExt},
    packages=["whosaid_data"],
    package_dir={"whosaid_data": "data"},
    package_data={"whosaid_data": ["*"]},
    python_requires=">=3.9",
    zip_safe=False,
)
