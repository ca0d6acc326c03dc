#!/usr/bin/python3
"""Fills translations/plumage_ja.ts from the ja_part*.py tables (source → Japanese).
Run after lupdate; exits 1 listing every source text that has no translation."""
import glob, importlib.util, os, sys
import xml.etree.ElementTree as ET

here = os.path.dirname(os.path.abspath(__file__))
table = {}
for path in sorted(glob.glob(os.path.join(here, "ja_part*.py"))):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    table.update(mod.JA)

ts_path = os.path.join(here, "plumage_ja.ts")
tree = ET.parse(ts_path)
missing = []
for msg in tree.iter("message"):
    src = msg.find("source").text or ""
    tr = msg.find("translation")
    if src not in table:
        missing.append(src)
        continue
    tr.attrib.pop("type", None)
    if msg.get("numerus") == "yes":
        for child in list(tr):
            tr.remove(child)
        tr.text = None
        form = ET.SubElement(tr, "numerusform")
        form.text = table[src]
    else:
        tr.text = table[src]
tree.getroot().set("language", "ja_JP")
with open(ts_path, "wb") as f:
    f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
    tree.write(f, encoding="utf-8", xml_declaration=False)
if missing:
    print("untranslated:", *missing, sep="\n  ")
    sys.exit(1)
print("all", sum(1 for _ in tree.iter("message")), "messages translated")
