"""The bundled demo office: the fictional Diskominfo Kabupaten Sukamaju.

``outreach demo`` imports ``exports/`` with ``outreach.toml`` from this folder.
The exports are written by ``generate.py`` (``python -m outreach.demo.generate``)
and committed, so the demo needs no network and gives the same numbers everywhere.
"""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
EXPORTS_DIR = DEMO_DIR / "exports"
CONFIG_FILE = DEMO_DIR / "outreach.toml"
