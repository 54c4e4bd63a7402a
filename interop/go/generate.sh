#!/bin/sh
# Regenerates the committed *_gen.go files with the real tinylib/msgp generator.
# golden/ uses v1.1.9, the version MinIO pins (its tag-option bug included);
# the other sets need features that arrived later and use v1.2.5, the version
# their golden vectors came from. Run from interop/go/.
set -e
(cd golden && go run github.com/tinylib/msgp@v1.1.9 -file types.go -o types_gen.go -tests=false)
for p in modern newtime compact; do
  (cd "$p" && go run github.com/tinylib/msgp@v1.2.5 -file types.go -o types_gen.go -tests=false)
done
