#!/usr/bin/env python3
"""triage.py - groups the spec runner's failures by file and by kind.

    build/spec-runner -v > out.txt; python3 spec-tests/triage.py out.txt

reads the `-v` output (lines "FILE:LINE: FAIL DESC: MESSAGE") and prints,
per file, each group of similar failures with a count and the first lines
where it happens. Similar means: the same command kind and the same message
once values, offsets and numbers are blanked out; a wrong result of
assert_return is grouped by the function invoked.
"""
import re
import sys
from collections import OrderedDict

FAIL = re.compile(r'^(?P<file>[^:]+\.wast):(?P<line>\d+): FAIL (?P<rest>.*)$')
RESULT = re.compile(r'(invoke|get) (?P<mod>\$\S+\.)?(?P<field>"(?:[^"\\]|\\.)*")')


def group_key(rest):
    desc, _, msg = rest.partition(': ')
    kind = desc.split(' ')[0]
    if kind in ('assert_return', 'action') and msg.startswith('expected '):
        m = RESULT.search(desc)
        return '%s %s: wrong result' % (kind, m.group('field') if m else '?')
    msg = re.sub(r'\(in function [^)]*\)', '', msg)
    msg = re.sub(r'"[^"]*\.wasm"|\S+\.wasm', 'M.wasm', msg)
    msg = re.sub(r'0x[0-9a-fA-F]+|\b\d+\b', 'N', msg)
    return '%s: %s' % (kind, msg[:160])


def main():
    files = OrderedDict()
    for path in sys.argv[1:] or ['/dev/stdin']:
        with open(path, errors='replace') as f:
            for text in f:
                m = FAIL.match(text.rstrip('\n'))
                if not m:
                    continue
                groups = files.setdefault(m.group('file'), OrderedDict())
                key = group_key(m.group('rest'))
                groups.setdefault(key, []).append(int(m.group('line')))
    total = sum(len(v) for g in files.values() for v in g.values())
    print('%d failures in %d files' % (total, len(files)))
    for name, groups in sorted(files.items(),
                               key=lambda kv: -sum(map(len, kv[1].values()))):
        count = sum(len(v) for v in groups.values())
        print('\n== %s: %d failed' % (name, count))
        for key, lines in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            shown = ', '.join(str(n) for n in lines[:8])
            more = ', ...' if len(lines) > 8 else ''
            print('  %4d  %s  [lines %s%s]' % (len(lines), key, shown, more))


if __name__ == '__main__':
    main()
