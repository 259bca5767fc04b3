#!/usr/bin/env python3
"""Build the extension's store packages, versioned like the Python package.

    python scripts/build_extension.py [--out dist] [--no-firefox]

Writes
- ``dist/otklik-chrome-<version>.zip``: what the Chrome Web Store's developer dashboard
  takes (manifest at the root, no Firefox-only keys);
- ``dist/otklik-firefox-<version>.zip``: built by ``web-ext build`` (Mozilla's tool, from
  ``extension/node_modules``; run ``npm ci`` in ``extension/`` first), for
  addons.mozilla.org (listed, or unlisted for self-distribution: ``web-ext sign``).

The version is ``companion.__version__``, so the extension and the companion a team
installs carry the same number. docs/extension.md says how to install without
developer mode. Prints one line per package: path, size in bytes, SHA-256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
# What a store package holds: the manifest and what it refers to, nothing of the dev setup.
SHIPPED = ("manifest.json", "_locales", "icons", "src")


def package_version() -> str:
    """``__version__`` of companion/__init__.py, read without importing the package."""
    text = (ROOT / "companion" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([0-9]+(?:\.[0-9]+){0,3})"$', text, re.M)
    if not match:
        raise SystemExit("companion/__init__.py: no __version__ of 1-4 dot-separated numbers")
    return match.group(1)


def stage(dest: Path, version: str, browser: str) -> Path:
    """Copy the shipped files to ``dest`` with the manifest set for ``browser``."""
    dest.mkdir(parents=True)
    for name in SHIPPED:
        src = EXTENSION / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("*.map", ".*"))
        else:
            shutil.copy2(src, dest / name)
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    manifest["version"] = version
    if browser == "chrome":
        # Chrome reads the worker; "scripts" (Firefox's event page) and the gecko block
        # only earn warnings in the Web Store's review.
        manifest["background"].pop("scripts", None)
        manifest.pop("browser_specific_settings", None)
    (dest / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return dest


def zip_dir(src: Path, out: Path) -> Path:
    """A deterministic zip of ``src`` (sorted names, fixed timestamps)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in src.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(src).as_posix(), (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return out


def web_ext() -> Path:
    name = "web-ext.cmd" if sys.platform == "win32" else "web-ext"
    path = EXTENSION / "node_modules" / ".bin" / name
    if not path.exists():
        raise SystemExit("web-ext is missing: run `npm ci` in extension/ first")
    return path


def build(out: Path, firefox: bool = True) -> list[Path]:
    version = package_version()
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        chrome = stage(Path(tmp) / "chrome", version, "chrome")
        made.append(zip_dir(chrome, out / f"otklik-chrome-{version}.zip"))
        if firefox:
            ff = stage(Path(tmp) / "firefox", version, "firefox")
            name = f"otklik-firefox-{version}.zip"
            proc = subprocess.run(
                [str(web_ext()), "build", "--source-dir", str(ff), "--artifacts-dir",
                 str(out), "--filename", name, "--overwrite-dest"],
                capture_output=True, text=True,
            )
            if proc.returncode != 0:
                raise SystemExit(f"web-ext build failed: {(proc.stderr or proc.stdout).strip()}")
            made.append(out / name)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--no-firefox", action="store_true", help="only the Chrome zip")
    args = parser.parse_args()
    for path in build(args.out.resolve(), firefox=not args.no_firefox):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{path}  {path.stat().st_size} bytes  sha256 {digest}")


if __name__ == "__main__":
    main()
