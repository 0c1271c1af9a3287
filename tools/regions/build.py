#!/usr/bin/env python3
"""Builds the regional classification the product ships
(crates/domain/data/cbs/) from CBS's own lists, as CBS publishes them in
the OData v4 API of table 03759ned ("Bevolking op 1 januari en
gemiddeld"):

- codes-RegioS.json: every region of the table with its StatLine label
  (`Bergen (NH.)`, `Groningen (gemeente)`, `Groningen (PV)`), its
  province (`DimensionGroupId` GMPVnn) and CBS's text on when it began,
  when it was dissolved and where its inhabitants went;
- observations-page-1.json: the population on 1 January (measure
  M000352) of the nation, every province and every municipality.

Usage: build.py CODES_REGIOS_JSON OBSERVATIONS_JSON OUT_DIR

Writes OUT_DIR/regions.csv (code;label;name;province;begins;ends;successor)
and OUT_DIR/population.csv (code;year;inhabitants). A year in `begins` is
the first year the region exists on 1 January; in `ends` the first year it
no longer does. The successor of a dissolved municipality is the one its
most inhabitants went to. CBS data, CC BY 4.0."""

import csv
import json
import re
import sys


def years_of(description):
    """(begins, ends, successor) from CBS's description of a region: a
    dissolved municipality's successor is the one its most inhabitants went
    to, a renamed one's its new code."""
    begins = ends = successor = None
    start = re.search(r"(?:Ontstaan per|Begindatum) (\d\d)-(\d\d)-(\d{4})", description)
    if start:
        day, month, year = start.groups()
        begins = int(year) + (0 if (day, month) == ("01", "01") else 1)
    gone = re.search(r"Opgeheven per (\d\d)-(\d\d)-(\d{4}), overgegaan naar:(.*?)(?:\r\n\r\n|$)",
                     description, re.S)
    if gone:
        day, month, year, parts = gone.groups()
        ends = int(year) + (0 if (day, month) == ("01", "01") else 1)
        went = re.findall(r"- .*?\((GM\d{4})\),\r?\n\.\.\. .*? en (\d+) inwoners", parts)
        if went:
            successor = max(went, key=lambda w: int(w[1]))[0]
    renamed = re.search(r"Naamswijziging per (\d\d)-(\d\d)-(\d{4}),\r?\nnieuwe naam: .*?\((GM\d{4})\)",
                        description)
    if renamed and not gone:
        day, month, year, code = renamed.groups()
        ends = int(year) + (0 if (day, month) == ("01", "01") else 1)
        successor = code
    return begins, ends, successor


def name_of(label):
    """The name without StatLine's qualifier of a homonym's kind."""
    for suffix in (" (PV)", " (gemeente)", " (LD)", " (CR)"):
        if label.endswith(suffix):
            return label[: -len(suffix)]
    return label


def main(codes_path, observations_path, out):
    regions = json.load(open(codes_path, encoding="utf-8"))["value"]
    # Municipalities are those in a province (GM0997, the central
    # register, and GM0998, abroad, are in none).
    kept = [
        r for r in regions
        if re.fullmatch(r"(NL01|PV\d\d)", r["Identifier"])
        or (re.fullmatch(r"GM\d{4}", r["Identifier"])
            and (r.get("DimensionGroupId") or "").startswith("GMPV"))
    ]
    with open(f"{out}/regions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["code", "label", "name", "province", "begins", "ends", "successor"])
        for r in sorted(kept, key=lambda r: r["Identifier"]):
            code, label = r["Identifier"], r["Title"].strip()
            group = r.get("DimensionGroupId") or ""
            province = group[2:] if group.startswith("GMPV") else ""
            begins, ends, successor = years_of(r.get("Description") or "")
            w.writerow([code, label, name_of(label), province, begins or "", ends or "",
                        successor or ""])
    observations = json.load(open(observations_path, encoding="utf-8"))["value"]
    with open(f"{out}/population.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["code", "year", "inhabitants"])
        rows = sorted(
            (o["RegioS"], int(o["Perioden"][:4]), int(o["Value"]))
            for o in observations
            if o["Measure"] == "M000352" and o["Value"] is not None
        )
        for code, year, n in rows:
            w.writerow([code, year, n])


if __name__ == "__main__":
    main(*sys.argv[1:4])
