#!/usr/bin/env bash
# deb.sh BUILD SRC: cpack -G DEB from the build folder (into a scratch folder), then
# the package: named and versioned after the project, holding what cmake --install
# installs, and depending on exactly the packages that hold the libraries its
# programs and its extension load (readelf's NEEDED, found with ldconfig, owned per
# dpkg -S): what dpkg-shlibdeps computed, checked another way. Skips (77) without
# cpack, dpkg-deb or dpkg-shlibdeps.
set -euo pipefail
build=$(realpath "$1")
src=$(realpath "$2")
for t in cpack dpkg-deb dpkg-shlibdeps readelf ldconfig; do
    if ! command -v "$t" >/dev/null; then
        echo "deb.sh: skip: no $t"
        exit 77
    fi
done
work=$(mktemp -d /tmp/dafu-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "deb.sh: $*" >&2
    exit 1
}

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) ||
    fail "cpack failed: $(cat "$work/cpack.log")"
version=$(sed -n 's/^project(dafu VERSION \([0-9.]*\) .*/\1/p' "$src/CMakeLists.txt")
arch=$(dpkg --print-architecture)
deb=$work/out/dafu_${version}_$arch.deb
[[ -f $deb ]] || fail "no $deb: $(ls "$work/out")"
[[ $(dpkg-deb -f "$deb" Package) == dafu ]] || fail "Package is not dafu"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version is not $version"
[[ $(dpkg-deb -f "$deb" Architecture) == "$arch" ]] || fail "Architecture is not $arch"

# The files: those of cmake --install with the same prefix.
prefix=$(sed -n 's/^set(CPACK_PACKAGING_INSTALL_PREFIX "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[[ -n $prefix ]] || fail "no CPACK_PACKAGING_INSTALL_PREFIX in CPackConfig.cmake"
dpkg-deb -x "$deb" "$work/root"
DESTDIR=$work/inst cmake --install "$build" --prefix "$prefix" >/dev/null
diff <(cd "$work/root" && find . -type f | sort) <(cd "$work/inst" && find . -type f | sort) ||
    fail "the package and cmake --install hold different files"
[[ -z $(dpkg-deb -f "$deb" Conffiles) ]] || fail "the package has configuration files"

# Depends: exactly the owners of the libraries the ELF files need.
want=()
while read -r f; do
    for lib in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        # (awk reads all its input: an early exit would fail the pipe.)
        path=$(ldconfig -p | awk -v l="$lib" '$1 == l && !p { p = $NF } END { print p }')
        [[ -n $path ]] || fail "$f needs $lib, which ldconfig does not know"
        owner=
        for p in "$path" "$(realpath "$path")" "${path#/usr}" "/usr$path"; do
            owner=$(dpkg -S "$p" 2>/dev/null | sed -n '1s/:.*//p' || true)
            [[ -n $owner ]] && break
        done
        [[ -n $owner ]] || fail "no package owns $path ($lib, needed by $f)"
        want+=("$owner")
    done
done < <(find "$work/root" -type f -exec sh -c 'head -c4 "$1" | grep -q ELF' x {} \; -print)
want=$(printf '%s\n' "${want[@]}" | sort -u | paste -sd' ')
got=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*)//; s/ //g' | grep . | sort -u | paste -sd' ')
[[ $got == "$want" ]] || fail "Depends names '$got', the programs load libraries of '$want'"
echo "deb.sh: ok: $(basename "$deb"): Depends: $(dpkg-deb -f "$deb" Depends)"
