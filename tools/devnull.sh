#!/usr/bin/env bash
# Some sandboxes ship /dev/null as a regular file. Then what one program discards another reads back:
# cargo's target probe gives rustc its source on /dev/null, and after the page tests that "source" is
# the Chromium wrapper's discarded `ls` message, so `cargo clippy` fails before it looks at our code.
# Put the device back where we may (atomically, under a temporary name), else at least empty the file.
set -u
if [ -e /dev/null ] && [ ! -c /dev/null ]; then
  echo "Hinweis: /dev/null ist hier eine gewöhnliche Datei, keine Gerätedatei; sie wird ersetzt." >&2
  if mknod -m 666 /dev/null.neu c 1 3 2>/dev/null && mv -f /dev/null.neu /dev/null; then
    :
  else
    rm -f /dev/null.neu 2>/dev/null
    : > /dev/null
    echo "Hinweis: /dev/null ließ sich nicht ersetzen (keine Rechte); sie wurde geleert." >&2
  fi
fi
exit 0
