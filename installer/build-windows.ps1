# Windows .msi, the same steps as build.sh (run on Windows with JDK 17+ and the WiX 3 toolset on the PATH;
# see .github/workflows/installers.yml). The Maven build there uses the windows-x86_64 natives.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
mvn -q -DskipTests "-Djavacpp.platform=windows-x86_64" "-Dnd4j.classifier=windows-x86_64" "-Dnd4j.onednn.classifier=windows-x86_64" package
$version = (Select-String -Path target/app/bin/convscope -Pattern 'ConvScope ([0-9][0-9.]*)').Matches[0].Groups[1].Value
$out = "target/installer"; $work = "$out/work"
Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force "$work/input" | Out-Null
Copy-Item target/app/lib/*.jar "$work/input/"
python installer/strip-jar.py "$work/input/opencv-4.9.0-0.jar" "nu/pattern/opencv/linux/" "nu/pattern/opencv/osx/" "nu/pattern/opencv/windows/x86_32/"
$modules = (jdeps --ignore-missing-deps --print-module-deps --multi-release 17 --class-path "$work/input/*" "$work/input/convscope.jar" | Select-Object -Last 1)
jlink --add-modules "$modules,jdk.crypto.ec,java.logging,java.naming,java.xml,jdk.zipfs" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$work/runtime"
jpackage --type msi --name ConvScope --app-version $version --vendor ConvScope --input "$work/input" `
  --main-jar convscope.jar --main-class org.convscope.Main --runtime-image "$work/runtime" `
  --icon resources/icons/convscope.ico --java-options "-Xmx4g -XX:+UseG1GC -XX:G1PeriodicGCInterval=60000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30" --license-file installer/NOTICE.txt `
  --win-menu --win-menu-group ConvScope --win-shortcut --win-dir-chooser --win-per-user-install `
  --file-associations installer/linux/convscope-model.properties `
  --file-associations installer/linux/convscope-lesson.properties `
  --file-associations installer/linux/convscope-trained.properties --dest $out
Get-ChildItem "$out/*.msi"
