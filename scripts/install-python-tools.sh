#!/bin/sh
# Installs the Python tools the tests drive (schemathesis, checking the collector against its
# OpenAPI document) into a virtual environment in .rig/pytools, when missing or at another version.
# Used by `make test`; needs python3-venv (a Debian package in the Makefile's list) and PyPI.
set -eu
cd "$(dirname "$0")/.."
venv=.rig/pytools
wanted="schemathesis==4.32.5"
if [ -x "$venv/bin/st" ] && "$venv/bin/pip" freeze 2>/dev/null | grep -qx "$wanted"; then
    exit 0
fi
echo "installing $wanted into $venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wanted"
