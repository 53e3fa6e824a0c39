"""The reference every figure is compared with: parse every plan file with rtoml, nothing else.

    python -m bench.parse ROOT
"""

import sys
from pathlib import Path

import rtoml

root = Path(sys.argv[1])
n = 0
for path in sorted(root.glob("plans/**/*.toml")):
    rtoml.loads(path.read_text(encoding="utf-8"))
    n += 1
print(n)
