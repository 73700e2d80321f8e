"""Generate the Python client of the API: `python scripts/generate_client.py OUTPUT_DIR`.

Writes the bundled spec to OUTPUT_DIR/openapi.json and generates from it, with
openapi-python-client and without the network, an installable project in
OUTPUT_DIR/gaggle-client whose package is `gaggle_api_client` (`pip install
OUTPUT_DIR/gaggle-client`). A client already there is replaced. A generator warning (a part of
the spec it would leave out of the client) is an error. The generated code is not reformatted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gaggle import spec

PROJECT = "gaggle-client"
PACKAGE = "gaggle_api_client"
CONFIG = {
    "project_name_override": PROJECT,
    "package_name_override": PACKAGE,
    "post_hooks": [],  # the default hooks run whatever `ruff` is on PATH
}


def generate(output_dir: Path) -> Path:
    """Generate the client under output_dir; return the project directory."""
    output_dir.mkdir(parents=True, exist_ok=True)
    document = output_dir / "openapi.json"
    document.write_text(spec.bundled_json(), encoding="utf-8")
    config = output_dir / "openapi-python-client.json"
    config.write_text(json.dumps(CONFIG, indent=2) + "\n", encoding="utf-8")
    project = output_dir / PROJECT
    subprocess.run(
        [
            *(sys.executable, "-m", "openapi_python_client", "generate"),
            *("--path", str(document), "--config", str(config)),
            *("--output-path", str(project), "--meta", "setup"),
            *("--overwrite", "--fail-on-warning"),
        ],
        check=True,
    )
    return project


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(generate(Path(sys.argv[1]).resolve()))
