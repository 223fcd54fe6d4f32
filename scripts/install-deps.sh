#!/bin/sh
# Installs the Debian packages the build and the tests need, when they are missing.
# Used by `make demo` and `make test`; runs apt-get as root, or through sudo when available.
set -eu
missing=""
for package in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $package" ;;
    esac
done
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
    apt_get="apt-get"
elif command -v sudo >/dev/null 2>&1; then
    apt_get="sudo apt-get"
else
    echo "error: these Debian packages are missing:$missing" >&2
    echo "       install them as root: apt-get install$missing" >&2
    exit 1
fi
# shellcheck disable=SC2086 # word splitting of the package list is intended
$apt_get update -qq && DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq $missing
