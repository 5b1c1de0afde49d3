#!/usr/bin/env bash
# Builds ConvScope's Linux packages with jpackage and a jlink-trimmed Java runtime:
#   target/installer/convscope-<version>-linux-x86_64.tar.gz   portable app-image (unpack, run convscope/bin/convscope)
#   target/installer/convscope_<version>_amd64.deb             Debian/Ubuntu package (/opt/convscope, menu entry,
#                                                               `convscope` on the PATH, *.convscope.json,
#                                                               *.convscope-lesson and *.convscope.zip associations)
# Usage: installer/build.sh [--skip-maven]     (needs JDK 17+ with jpackage; the .deb needs dpkg-deb and fakeroot)
# Windows (.msi) and macOS (.dmg): installer/build-windows.ps1 and installer/build-macos.sh, run by
# .github/workflows/installers.yml on those systems.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out="$root/target/installer"
work="$out/work"

if [ "${1:-}" != "--skip-maven" ]; then
  mvn -q -DskipTests package
fi
[ -f target/app/lib/convscope.jar ] || { echo "target/app/lib/convscope.jar is missing: run mvn -DskipTests package" >&2; exit 2; }
version=$(grep -m1 -o 'ConvScope [0-9][0-9.]*' target/app/bin/convscope | cut -d' ' -f2)
[ -n "$version" ] || version=0.1.0
rm -rf "$out"
mkdir -p "$work/input"

echo "1/4 jars for linux-x86_64 only"
cp target/app/lib/*.jar "$work/input/"
# OpenCV's jar carries natives for eight platforms (110 MB); keep linux/x86_64's.
python3 "$root/installer/strip-jar.py" "$work/input/opencv-4.9.0-0.jar" \
  'nu/pattern/opencv/osx/' 'nu/pattern/opencv/windows/' 'nu/pattern/opencv/linux/ARMv7/' \
  'nu/pattern/opencv/linux/ARMv8/' 'nu/pattern/opencv/linux/x86_32/'
# ND4J: only the oneDNN build the engine uses (needs AVX2; on an older CPU the app says so). The plain build
# (91 MB), kept in target/app as the fallback, would put the package over its size budget.
rm "$work/input/nd4j-native-1.0.0-M2.1-linux-x86_64.jar"
# JavaFX's and ControlsFX's non-Linux jars are not on this class path; nothing else to strip.

echo "2/4 Java runtime (jlink)"
modules=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 \
  --class-path "$work/input/*" "$work/input/convscope.jar" 2>/dev/null | tail -1)
# TLS for the dataset download, plus modules reached only by reflection in the libraries
modules="$modules,jdk.crypto.ec,java.logging,java.naming,java.xml,jdk.zipfs"
echo "   modules: $modules"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$work/runtime"

echo "3/4 app-image"
common=(--name convscope --app-version "$version" --vendor "ConvScope" \
  --description "See how a convolutional neural network works: build, step through, look inside, train." \
  --copyright "ConvScope team")
jpackage --type app-image "${common[@]}" --input "$work/input" --main-jar convscope.jar \
  --main-class org.convscope.Main --runtime-image "$work/runtime" --icon resources/icons/convscope-256.png \
  --java-options '-Xmx4g -XX:+UseG1GC -XX:G1PeriodicGCInterval=60000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30' --dest "$out"
cp installer/NOTICE.txt "$out/convscope/"
tar czf "$out/convscope-$version-linux-x86_64.tar.gz" -C "$out" convscope

if command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
  echo "4/4 .deb"
  jpackage --type deb "${common[@]}" --app-image "$out/convscope" --dest "$out" \
    --license-file installer/NOTICE.txt --resource-dir installer/linux \
    --linux-package-name convscope --linux-menu-group "Education;Science" --linux-shortcut \
    --linux-app-category education --linux-deb-maintainer "convscope@example.org" \
    --linux-package-deps "libgtk-3-0, libxtst6, libgl1" \
    --file-associations installer/linux/convscope-model.properties \
    --file-associations installer/linux/convscope-lesson.properties \
    --file-associations installer/linux/convscope-trained.properties
else
  echo "4/4 .deb skipped: dpkg-deb and fakeroot are needed (apt-get install dpkg-dev fakeroot)"
fi

echo
du -sh "$out/convscope" | sed 's/^/app-image unpacked: /'
ls -l "$out"/*.tar.gz "$out"/*.deb 2>/dev/null | awk '{printf "%s: %.1f MB\n", $9, $5 / 1048576}'
