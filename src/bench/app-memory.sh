#!/bin/sh
# The app's memory through one training run on the Train screen (org.convscope.ui.shell.AppMemoryBenchmark): the
# whole main window on a headless display (Monocle, as the UI tests), CIFAR-10 chosen in the Data box, Start pressed
# with the app's defaults and EPOCHS epochs on all 50,000 images, then IDLE seconds of an idle app. Prints RSS, Java
# heap and outside-the-heap memory every few seconds, then the peak, the end-of-training and after-idle RSS, and
# after a forced GC the live heap and its largest classes. The JVM gets the launcher's own options.
#
#   mvn -o -q -DskipTests package && src/bench/app-memory.sh [CIFAR_DIR] [EPOCHS] [IDLE] [EVERY]
#   NMT=1 src/bench/app-memory.sh ...        # also the JVM's native memory summary (slightly slower)
set -e
cd "$(dirname "$0")/../.."
data=${1:-../shared/datasets/cifar-10}
epochs=${2:-6}
idle=${3:-180}
every=${4:-5}
if [ ! -d target/app/lib ] || [ ! -f target/test-classes/org/convscope/ui/shell/AppMemoryBenchmark.class ]; then
  echo "build first: mvn -o -q -DskipTests package" >&2
  exit 2
fi
# the launcher's default JVM options, so that the numbers are the installed app's
opts=$(sed -n 's/^opts=\${CONVSCOPE_JAVA_OPTS:-\(.*\)}$/\1/p' src/main/launcher/convscope)
monocle=$(find "${M2_REPO:-$HOME/.m2/repository}/org/testfx/openjfx-monocle" -name 'openjfx-monocle-*.jar' | sort | tail -1)
home=$(mktemp -d "${TMPDIR:-/tmp}/convscope-memory-XXXXXX")
trap 'rm -rf "$home"' EXIT
if [ -n "$JAVA_HOME" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
# shellcheck disable=SC2086
CONVSCOPE_HOME="$home" "$java" $opts ${NMT:+-XX:NativeMemoryTracking=summary} \
  -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Dprism.text=t2k \
  -Dheadless.geometry=1600x1200-32 -Djava.awt.headless=true -Duser.language=en -Duser.country=US \
  -cp "target/test-classes:target/classes:$monocle:target/app/lib/*" org.convscope.ui.shell.AppMemoryBenchmark \
  "$data" "$epochs" "$idle" "$every"
