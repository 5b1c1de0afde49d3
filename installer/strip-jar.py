#!/usr/bin/env python3
"""Rewrites a jar without the entries under the given prefixes (e.g. other platforms' native libraries)."""
import os
import sys
import zipfile

jar, prefixes = sys.argv[1], tuple(sys.argv[2:])
tmp = jar + ".tmp"
kept = dropped = 0
with zipfile.ZipFile(jar) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        if item.filename.startswith(prefixes):
            dropped += 1
            continue
        dst.writestr(item, src.read(item.filename))
        kept += 1
os.replace(tmp, jar)
print(f"   {os.path.basename(jar)}: kept {kept} entries, dropped {dropped}, now {os.path.getsize(jar) / 1e6:.1f} MB")
