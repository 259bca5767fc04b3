"""scripts/build_extension.py: the store packages carry the Python package's version."""

from __future__ import annotations

import importlib.util
import json
import zipfile
from pathlib import Path

import pytest

from companion import __version__

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("build_extension",
                                                  ROOT / "scripts" / "build_extension.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chrome_and_firefox_packages(tmp_path):
    build = _script()
    if not (ROOT / "extension" / "node_modules" / ".bin" / "web-ext").exists():
        pytest.skip("web-ext not installed (npm ci in extension/; scripts/test.sh does it)")
    chrome, firefox = build.build(tmp_path)
    assert chrome.name == f"otklik-chrome-{__version__}.zip"
    assert firefox.name == f"otklik-firefox-{__version__}.zip"
    source = json.loads((ROOT / "extension" / "manifest.json").read_text(encoding="utf-8"))
    for package in (chrome, firefox):
        with zipfile.ZipFile(package) as zf:
            names = zf.namelist()
            manifest = json.loads(zf.read("manifest.json"))
        assert manifest["version"] == __version__
        assert not [n for n in names if n.startswith(("node_modules", "tools/", "package"))]
        assert "src/background/worker.js" in names and "_locales/ru/messages.json" in names
        assert manifest["content_scripts"] == source["content_scripts"]
    with zipfile.ZipFile(chrome) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert "browser_specific_settings" not in manifest
    assert manifest["background"] == {"service_worker": "src/background/worker.js",
                                      "type": "module"}
    with zipfile.ZipFile(firefox) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["browser_specific_settings"]["gecko"]["id"] == "otklik@otklik.local"


def test_the_chrome_zip_is_reproducible(tmp_path):
    build = _script()
    a = build.build(tmp_path / "a", firefox=False)[0].read_bytes()
    b = build.build(tmp_path / "b", firefox=False)[0].read_bytes()
    assert a == b
