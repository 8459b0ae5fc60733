#!/bin/sh
# For each TRAINWATCH_<NAME>_FILE in the environment, sets TRAINWATCH_<NAME> to that file's
# content (as the official database images do), so secrets can come from files on a volume
# instead of the container's environment. Then runs the command.
set -eu
for var in $(env | sed -n 's/^\(TRAINWATCH_[A-Z0-9_]*\)_FILE=.*/\1/p'); do
  file=$(printenv "${var}_FILE")
  if [ ! -r "$file" ]; then
    echo "trainwatch: ${var}_FILE names $file, which cannot be read: mount the file or unset ${var}_FILE" >&2
    exit 2
  fi
  export "$var=$(cat "$file")"
  unset "${var}_FILE"
done
exec "$@"
