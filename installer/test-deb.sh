#!/usr/bin/env bash
# Installs the .deb built by installer/build.sh, checks the installed app, and removes it again (needs root).
#   convscope --version; convscope summary --preset tf-cifar-cnn (CLI from the PATH);
#   convscope gui --self-test on a virtual display (opens every screen, exits 0);
#   the menu entry and the *.convscope.json, *.convscope-lesson and *.convscope.zip associations exist; removing the package removes the PATH link.
# Usage: installer/test-deb.sh [path/to/convscope_*.deb]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deb=${1:-$(ls "$root"/target/installer/convscope_*_amd64.deb | head -1)}
[ "$(id -u)" = 0 ] || { echo "run as root (dpkg -i)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "xvfb-run is needed (apt-get install xvfb)" >&2; exit 2; }

echo "install $deb"
dpkg -i "$deb" >/dev/null || { apt-get install -f -y -q >/dev/null; dpkg -i "$deb" >/dev/null; }
trap 'dpkg -r convscope >/dev/null 2>&1 || true' EXIT
home=$(mktemp -d)
export CONVSCOPE_HOME="$home"

test -x /opt/convscope/bin/convscope
test "$(readlink /usr/bin/convscope)" = /opt/convscope/bin/convscope
ls /usr/share/applications/*convscope*.desktop >/dev/null
for glob in '*.convscope.json' '*.convscope-lesson' '*.convscope.zip'; do # the file associations
  grep -qF "pattern=\"$glob\"" /opt/convscope/lib/convscope-convscope-MimeInfo.xml
done
grep -q 'application/x-convscope-lesson;' /usr/share/applications/*convscope*.desktop
echo "  file associations: models, lessons and trained models"
convscope --version | grep -q '^ConvScope '
convscope summary --preset tf-cifar-cnn | grep -q 'Total params: 122,570'
echo "  CLI: --version and summary OK"
timeout 120 xvfb-run -a convscope gui --self-test
echo "  GUI: self-test OK (every screen opened)"
test -d "$home/javacpp" && test -d "$home/javafx" && echo "  ND4J's and JavaFX's natives unpacked under \$CONVSCOPE_HOME"

dpkg -r convscope >/dev/null
trap - EXIT
test ! -e /usr/bin/convscope
test ! -e /opt/convscope
rm -rf "$home"
echo "installed, checked and removed: OK"
