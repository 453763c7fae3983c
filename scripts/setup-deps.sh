#!/bin/sh
# Install the Debian packages pageward needs: the GCC plugin headers (host and
# s390x cross), Coccinelle, sparse, the two kernel source packages it measures
# on, and what a kernel "make defconfig prepare" and an mm/ build need.
#
#   scripts/setup-deps.sh        (as root; "make setup" calls it)
#
# Quiet and quick when everything is installed: it only asks dpkg.  As non-root
# with something missing it prints what to install and exits 2.  --help
# prints this text; any other argument is refused (exit 2).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/setup-deps.sh [--help]"
pw_no_args "$@"

PACKAGES="
	make git jq time procps
	gcc g++ gcc-12 g++-12 libc6-dev gcc-12-plugin-dev
	gcc-12-s390x-linux-gnu gcc-12-plugin-dev-s390x-linux-gnu
	binutils-s390x-linux-gnu
	gcc-11 gcc-11-plugin-dev gcc-11-s390x-linux-gnu gcc-11-plugin-dev-s390x-linux-gnu gcc-12-aarch64-linux-gnu gcc-12-plugin-dev-aarch64-linux-gnu gcc-11-aarch64-linux-gnu gcc-11-plugin-dev-aarch64-linux-gnu
	coccinelle sparse
	linux-source-6.1 linux-source-6.12 xz-utils
	flex bison bc libelf-dev libssl-dev pkg-config perl cpio kmod
	python3-jsonschema curl ca-certificates
"
# Why the less obvious ones: flex/bison build kconfig, bc computes
# include/generated/timeconst.h, libelf-dev builds objtool (x86 prepare),
# libssl-dev builds scripts/sign-file and certs/extract-cert, pkg-config
# finds those libraries' flags, xz-utils unpacks the linux-source tarballs
# (multi-threaded), time gives /usr/bin/time for the benchmark, procps
# (pgrep) stops the engines of an interrupted "pageward series", jq reads the
# plugin's JSON reports.  cpio and kmod are for fuller kernel builds
# (CONFIG_IKHEADERS, modules_install).  python3-jsonschema (and curl, to fetch
# the SARIF 2.1.0 schema from the npm registry: scripts/sarif-schema.sh) is
# for one test only: the SARIF "pageward series" writes, validated against
# the official JSON schema; pageward itself runs no Python.
# The gcc-11 and aarch64 compilers and their plugin headers: tests/suite-gcc.sh
# builds and runs the plugin with GCC 11 and 12 for x86_64, s390x and aarch64.

# One dpkg-query for all: packages it does not know print nothing, so
# "missing" is every package not reported as installed.
# shellcheck disable=SC2086 # one word per package
installed=$(dpkg-query -W -f='${Package} ${Status}\n' $PACKAGES 2>/dev/null |
	awk -v ORS=" " '$NF == "installed" { print $1 }') || true
installed=" $installed"
missing=
for p in $PACKAGES; do
	case $installed in
	*" $p "*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" != 0 ]; then
	say "missing packages; as root run: apt-get install$missing"
	exit 2
fi

say "installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086 # one word per package
apt-get install -y -qq --no-install-recommends $missing >&2
