#!/usr/bin/env python3
"""Writes the PTX of each gpu.binary in an MLIR file to DIR/<name>.ptx.

Usage: extract-ptx.py INPUT.mlir DIR. Prints the names it wrote, one a line.
The assembly is an MLIR string attribute: \\XX hex escapes and \\\\.
"""
import os
import re
import sys


def unescape(text):
    return re.sub(r"\\([0-9A-Fa-f]{2}|\\)",
                  lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1), 16)),
                  text)


def main():
    source, directory = sys.argv[1], sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    pattern = re.compile(r'gpu\.binary @(\w+)\s.*?assembly = "((?:[^"\\]|\\.)*)"')
    count = 0
    for match in pattern.finditer(open(source).read()):
        with open(os.path.join(directory, match.group(1) + ".ptx"), "w") as f:
            f.write(unescape(match.group(2)))
        print(match.group(1))
        count += 1
    if count == 0:
        sys.exit("extract-ptx.py: no gpu.binary with PTX assembly in " + source)


if __name__ == "__main__":
    main()
