#!/usr/bin/env bash
# The Debian package end to end: build it with CPack, check its metadata, unpack it into a scratch root
# and run the installed programs from there: every shared library resolves (ldd), `--version` prints
# the project version, a tiny model trains, exports and translates with the installed CLI, and the
# window starts offscreen and closes on request. Exit 77 (skipped) where dpkg-deb is missing.
#   tests/package/test_deb.sh BUILD_DIR VERSION
set -euo pipefail
build=$1
version=$2
if ! command -v dpkg-deb >/dev/null || ! command -v cpack >/dev/null; then
  echo "dpkg-deb or cpack is not installed: skipped"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$build"
if ! cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"
  fail "cpack -G DEB failed"
fi
deb=$(ls "$work"/out/*.deb)
echo "built $(basename "$deb")"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "package version is not $version"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for need in libopenblas0-pthread 'libtorch' 'libopencv-core' 'libqt6widgets6' 'libqcustomplot'; do
  grep -q "$need" <<<"$depends" || fail "Depends lacks $need"
done

root=$work/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/cyclestudio usr/bin/cyclestudio-cli \
  usr/share/applications/org.cyclestudio.CycleStudio.desktop \
  usr/share/metainfo/org.cyclestudio.CycleStudio.metainfo.xml \
  usr/share/mime/packages/org.cyclestudio.CycleStudio.xml \
  usr/share/icons/hicolor/scalable/apps/cyclestudio.svg usr/share/icons/hicolor/256x256/apps/cyclestudio.png \
  usr/share/cyclestudio/demo/A usr/share/cyclestudio/demo/B usr/share/doc/cyclestudio/copyright; do
  [[ -e "$root/$f" ]] || fail "$f is not in the package"
done

for b in cyclestudio cyclestudio-cli; do
  if ldd "$root/usr/bin/$b" | grep "not found"; then
    fail "$b needs a library that does not resolve"
  fi
done

cli=$root/usr/bin/cyclestudio-cli
"$cli" --version | grep -qF "$version" || fail "cyclestudio-cli --version does not print $version"
demo=$root/usr/share/cyclestudio/demo
"$cli" new "$work/p" --domain-a "$demo/A" --domain-b "$demo/B" --size 32 --load-size 36 --ngf 8 --ndf 8 --blocks 1 >/dev/null
"$cli" train "$work/p" --iterations 1 --threads 1 >/dev/null 2>&1 || fail "the installed CLI cannot train"
"$cli" export-model "$work/p" --direction AtoB -o "$work/tiny.csm" >/dev/null
"$cli" translate --model "$work/tiny.csm" -o "$work/translated" "$(ls "$demo"/A/*.jpg | head -1)" >/dev/null
[[ $(ls "$work/translated" | wc -l) == 1 ]] || fail "translate wrote no image"

QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$work/config timeout 120 "$root/usr/bin/cyclestudio" "$work/p" --quit-after 1500 \
  || fail "the installed window did not start and close cleanly"
echo "package OK"
