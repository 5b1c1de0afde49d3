#!/usr/bin/env bash
# macOS .dmg, the same steps as build.sh (run on macOS with JDK 17+; see .github/workflows/installers.yml).
# The Maven build uses the macOS ND4J natives (the plain build: the engine then uses DL4J's layers).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
arch=$(uname -m); [ "$arch" = arm64 ] || arch=x86_64
mvn -q -DskipTests -Djavacpp.platform="macosx-$arch" -Dnd4j.classifier="macosx-$arch" \
  -Dnd4j.onednn.classifier="macosx-$arch" package
version=$(grep -m1 -o 'ConvScope [0-9][0-9.]*' target/app/bin/convscope | cut -d' ' -f2)
out=target/installer; work=$out/work; rm -rf "$out"; mkdir -p "$work/input"
cp target/app/lib/*.jar "$work/input/"
python3 installer/strip-jar.py "$work/input/opencv-4.9.0-0.jar" 'nu/pattern/opencv/linux/' 'nu/pattern/opencv/windows/'
modules=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 --class-path "$work/input/*" "$work/input/convscope.jar" | tail -1)
jlink --add-modules "$modules,jdk.crypto.ec,java.logging,java.naming,java.xml,jdk.zipfs" --strip-debug \
  --no-header-files --no-man-pages --compress=2 --output "$work/runtime"
jpackage --type dmg --name ConvScope --app-version "$version" --vendor ConvScope --input "$work/input" \
  --main-jar convscope.jar --main-class org.convscope.Main --runtime-image "$work/runtime" \
  --icon resources/icons/convscope.icns --java-options '-Xmx4g -XX:+UseG1GC -XX:G1PeriodicGCInterval=60000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30' --license-file installer/NOTICE.txt \
  --file-associations installer/linux/convscope-model.properties \
  --file-associations installer/linux/convscope-lesson.properties \
  --file-associations installer/linux/convscope-trained.properties --dest "$out"
ls -l "$out"/*.dmg
