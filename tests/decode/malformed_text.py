#!/usr/bin/env python3
"""Checks the wording of malformed-module errors (spec: binary/).

For every binary `assert_malformed` in the spec test suite's root .wast
files, runs `wexec MODULE` and checks that its error message starts with
the text the suite expects ("integer too large", "section size mismatch",
...). The spec runner only checks that such modules are rejected as
malformed; this keeps the messages a reader of the suite would recognise.

usage: python3 tests/decode/malformed_text.py [BUILD [SUITE]]
BUILD defaults to build, SUITE to $WEXEC_TESTSUITE or ../shared/wasm-testsuite.
Needs wast2json (wabt).
"""
import glob
import json
import os
import subprocess
import sys
import tempfile


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    suite = sys.argv[2] if len(sys.argv) > 2 else os.environ.get(
        'WEXEC_TESTSUITE', '../shared/wasm-testsuite')
    wexec = os.path.join(build, 'wexec')
    failures = checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for wast in sorted(glob.glob(os.path.join(suite, '*.wast'))):
            name = os.path.splitext(os.path.basename(wast))[0]
            out = os.path.join(tmp, name + '.json')
            subprocess.run(['wast2json', wast, '-o', out], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for cmd in json.load(open(out))['commands']:
                if (cmd['type'] != 'assert_malformed' or
                        cmd.get('module_type') != 'binary'):
                    continue
                path = os.path.join(tmp, cmd['filename'])
                if os.path.getsize(path) == 0:
                    # The command names an empty file itself, before
                    # decoding; the library's wording is unit-tested.
                    continue
                run = subprocess.run([wexec, path], capture_output=True,
                                     text=True)
                prefix = 'wexec: %s: ' % path
                msg = run.stderr.strip()
                msg = msg[len(prefix):] if msg.startswith(prefix) else msg
                checked += 1
                if run.returncode == 0 or not msg.startswith(cmd['text']):
                    failures += 1
                    print('%s.wast:%d: want "%s", got "%s"' %
                          (name, cmd['line'], cmd['text'], msg))
    print('malformed wording: %d checked, %d wrong' % (checked, failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
