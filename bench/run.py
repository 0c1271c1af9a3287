"""The benchmark suite of issue 26, driven by bench/run.sh.

Generates registrations at each size, then measures, alternating in one
run and repeated (medians): the product's import (empty database, and
again unchanged), `compute` (the whole command, and the figures once the
columns are laid out, from `compute --timings`); sqlite3 `.import` of the
same files (plain, and into tables with the product's keys) and a bare scan
of the product's tables; DuckDB loading the same CSV files and computing
the same aggregates (and the aggregates alone); on PostgreSQL the product's
import against `psql \\copy`; optionally the same product commands of an
earlier build (`--before`). Then the web: the factsheet under 50 clients,
and the first page of one organisation after an import into another.
Writes the tables between the markers in docs/performance.md.
"""

import argparse
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import http.cookiejar

DOMAINS = ["financien", "werk_opleiding", "sociaal_netwerk", "geestelijke_gezondheid"]
FORMS = ["traject", "leun_steun", "informatie_advies"]
AGES = ["0-17", "18-26", "27-55", "56-66", "67+"]
AREAS = ["Leek", "Marum", "Grootegast", "Zuidhorn"]
BEGIN, END = "<!-- bench/run.sh begins -->", "<!-- bench/run.sh ends -->"


def generate(folder, n):
    """The files of De Schans with n registrations, two scored domains each."""
    with open(os.path.join(folder, "organisations.csv"), "w") as f:
        f.write("organisation,name,municipalities,areas\n"
                "deschans,De Schans,GM1969,Leek|Marum|Grootegast|Zuidhorn\n"
                "sedna,Sedna,GM0114,Emmen\n")
    with open(os.path.join(folder, "partners.csv"), "w") as f:
        f.write("organisation,partner_id,name,sector,line\n"
                "deschans,huisarts,Huisarts,zorg,voorliggend\n"
                "deschans,ggz,GGZ,professionele_hulp,geindiceerd\n")
    regs = open(os.path.join(folder, "registrations.csv"), "w")
    scores = open(os.path.join(folder, "zrm_scores.csv"), "w")
    regs.write("registration_id,organisation,area,form,start_date,end_date,first_contact_date,"
               "age_group,main_domain,client_code,referred_by,referred_to\n")
    scores.write("organisation,registration_id,domain,start_score,goal_score,end_score\n")
    for i in range(n):
        age = AGES[i % 5]
        month, day = 1 + i % 12, 1 + i % 28
        start = f"2022-{month:02d}-{day:02d}"
        closed = i % 4 != 0
        end = "2022-12-31" if closed else ""
        first = f"2022-{month:02d}-{min(28, day + i % 3):02d}" if i % 10 else ""
        by = ["", "huisarts", "ggz"][i % 3]
        to = ["", "", "ggz", "huisarts"][i % 4]
        regs.write(f"r{i},deschans,{AREAS[i % 4]},{FORMS[i % 3]},{start},{end},{first},{age},"
                   f"{DOMAINS[i % 4]},C{i % (n * 2 // 5 + 1)},{by},{to}\n")
        for k in range(2):
            d = DOMAINS[(i + k) % 4]
            goal = str(3 + (i + k) % 3) if age != "0-17" and i % 3 == 0 else ""
            endscore = str(1 + (i * 7 + k) % 5) if closed else ""
            scores.write(f"deschans,r{i},{d},{1 + (i + k) % 3},{goal},{endscore}\n")
    regs.close()
    scores.close()


def measured(args, **kw):
    """Runs a command in a fresh Python process that reports its peak."""
    probe = ("import resource, subprocess, sys, time;"
             "t = time.perf_counter();"
             "p = subprocess.run(sys.argv[1:], capture_output=True);"
             "e = time.perf_counter() - t;"
             "sys.stdout.write(p.stdout.decode());"
             "sys.stderr.write(p.stderr.decode());"
             "sys.stderr.write('\\nPROBE %f %f %d\\n' % (e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, p.returncode))")
    p = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, **kw)
    err = p.stderr.decode()
    m = re.search(r"PROBE (\S+) (\S+) (\d+)", err)
    if not m or m.group(3) != "0":
        sys.exit(f"{' '.join(args)} failed: {err[-2000:]}")
    return float(m.group(1)), float(m.group(2)), p.stdout.decode(), err


class Product:
    """One build of impactmonitor."""

    def __init__(self, binary):
        self.binary = binary

    def fresh(self, db):
        for suffix in ("", "-wal", "-shm", ".secret", ".sessions", ".sessions-wal", ".sessions-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        url = f"sqlite://{db}"
        subprocess.run([self.binary, "--database", url, "init"], check=True, capture_output=True)
        subprocess.run([self.binary, "--database", url, "import", "organisations.csv", "partners.csv"],
                       check=True, capture_output=True)
        return url

    def import_(self, url):
        return measured([self.binary, "--database", url, "import", "registrations.csv", "zrm_scores.csv"])

    def compute(self, url, timings):
        extra = ["--timings"] if timings else []
        return measured([self.binary, "--database", url, "--format", "json", "compute",
                         "--organisation", "deschans", "--year", "2022", *extra])


def sqlite_import(db, keyed):
    if os.path.exists(db):
        os.remove(db)
    if keyed:
        script = (
            "CREATE TABLE registrations (registration_id TEXT, organisation TEXT, area TEXT, form TEXT, "
            "start_date TEXT, end_date TEXT, first_contact_date TEXT, age_group TEXT, main_domain TEXT, "
            "client_code TEXT, referred_by TEXT, referred_to TEXT, PRIMARY KEY (organisation, registration_id));\n"
            "CREATE TABLE zrm_scores (organisation TEXT, registration_id TEXT, domain TEXT, start_score INTEGER, "
            "goal_score INTEGER, end_score INTEGER, PRIMARY KEY (organisation, registration_id, domain));\n"
            ".import --csv --skip 1 registrations.csv registrations\n"
            ".import --csv --skip 1 zrm_scores.csv zrm_scores\n")
    else:
        script = ".import --csv registrations.csv registrations\n.import --csv zrm_scores.csv zrm_scores\n"
    with open("import.sql", "w") as f:
        f.write(script)
    return measured(["sh", "-c", f"sqlite3 {db} < import.sql"])


def sqlite_scan(db):
    sql = ("SELECT * FROM registrations WHERE organisation = 'deschans';"
           "SELECT * FROM zrm_scores WHERE organisation = 'deschans';")
    return measured(["sh", "-c", f"sqlite3 {db} \"{sql}\" > /dev/null"])


AGGREGATES = {
    "reach by domain and form": """
        SELECT main_domain, form, count(*) FROM reg GROUP BY ALL""",
    "reach by domain and age group": """
        SELECT main_domain, age_group, count(*) FROM reg GROUP BY ALL""",
    "distinct clients": "SELECT count(DISTINCT client_code), count(*) - count(client_code) FROM reg",
    "goal realisation": """
        SELECT s.domain, count(*), sum(CASE WHEN s.end_score >= s.goal_score THEN 1 ELSE 0 END)
        FROM reg r JOIN sc s USING (registration_id)
        WHERE r.form = 'traject' AND r.age_group <> '0-17'
          AND s.goal_score IS NOT NULL AND s.end_score IS NOT NULL GROUP BY ALL""",
    "goal coverage": """
        SELECT r.main_domain, count(*), count(s.domain)
        FROM reg r LEFT JOIN sc s ON s.registration_id = r.registration_id AND s.domain = r.main_domain
             AND s.goal_score IS NOT NULL AND s.end_score IS NOT NULL
        WHERE r.form = 'traject' AND r.age_group <> '0-17' GROUP BY ALL""",
    "paired ZRM change": """
        SELECT s.domain, count(*), avg(s.start_score), avg(s.end_score), avg(s.end_score - s.start_score),
               stddev_samp(s.end_score - s.start_score),
               avg(CASE WHEN s.end_score > s.start_score THEN 1 ELSE 0 END)
        FROM reg r JOIN sc s USING (registration_id)
        WHERE s.start_score IS NOT NULL AND s.end_score IS NOT NULL GROUP BY ALL""",
    "referrals": """
        SELECT main_domain, coalesce(referred_by, 'onbekend'), count(*) FROM reg GROUP BY ALL""",
    "escalation": """
        SELECT count(*) FILTER (WHERE referred_to IS NOT NULL),
               count(*) FILTER (WHERE referred_to = 'ggz'), count(*) FROM reg""",
    "response time": """
        SELECT median(first_contact_date - start_date), quantile_disc(first_contact_date - start_date, 0.9),
               avg(CASE WHEN first_contact_date <= start_date + CASE WHEN dayofweek(start_date) = 4 THEN 4
                   WHEN dayofweek(start_date) = 5 THEN 4 WHEN dayofweek(start_date) = 6 THEN 3 ELSE 2 END
                   THEN 1 ELSE 0 END)
        FROM reg WHERE first_contact_date IS NOT NULL""",
}


def duckdb_run():
    """DuckDB: load the two CSV files, then the aggregates over the
    registrations running in 2022: (load + aggregates, aggregates) seconds."""
    import duckdb
    con = duckdb.connect()
    t = time.perf_counter()
    con.execute("CREATE TABLE registrations AS SELECT * FROM read_csv('registrations.csv', header = true)")
    con.execute("CREATE TABLE zrm_scores AS SELECT * FROM read_csv('zrm_scores.csv', header = true)")
    loaded = time.perf_counter()
    con.execute("""CREATE TEMP VIEW reg AS SELECT * FROM registrations
                   WHERE organisation = 'deschans' AND start_date <= DATE '2022-12-31'
                     AND (end_date IS NULL OR end_date >= DATE '2022-01-01')""")
    con.execute("CREATE TEMP VIEW sc AS SELECT * FROM zrm_scores WHERE organisation = 'deschans'")
    for sql in AGGREGATES.values():
        con.execute(sql).fetchall()
    done = time.perf_counter()
    return done - t, done - loaded


def postgres(url):
    try:
        subprocess.run(["psql", url, "-c", "SELECT 1"], check=True, capture_output=True)
        return True
    except (subprocess.CalledProcessError, FileNotFoundError):
        return False


def pg_schema(url, schema):
    subprocess.run(["psql", url, "-q", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"],
                   check=True, capture_output=True)
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def psql_copy(url):
    pg_schema(url, "bench_copy")
    script = (
        "SET search_path = bench_copy;\n"
        "CREATE TABLE registrations (registration_id TEXT, organisation TEXT, area TEXT, form TEXT, "
        "start_date TEXT, end_date TEXT, first_contact_date TEXT, age_group TEXT, main_domain TEXT, "
        "client_code TEXT, referred_by TEXT, referred_to TEXT, PRIMARY KEY (organisation, registration_id));\n"
        "CREATE TABLE zrm_scores (organisation TEXT, registration_id TEXT, domain TEXT, start_score INTEGER, "
        "goal_score INTEGER, end_score INTEGER, PRIMARY KEY (organisation, registration_id, domain));\n"
        "\\copy registrations FROM 'registrations.csv' CSV HEADER\n"
        "\\copy zrm_scores FROM 'zrm_scores.csv' CSV HEADER\n")
    with open("copy.sql", "w") as f:
        f.write(script)
    return measured(["psql", url, "-q", "-f", "copy.sql"])


def median(values):
    return statistics.median(values) if values else float("nan")


def fmt(seconds):
    if seconds != seconds:
        return "–"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(a, b):
    return "–" if not (a == a and b == b and b) else f"{a / b:.2f}"


def measure_size(n, products, repeats, pg_url, pg_sizes):
    """Every measurement at one size, alternating product and references."""
    rows = {}

    def add(label, seconds, peak=None):
        rows.setdefault(label, ([], []))
        rows[label][0].append(seconds)
        if peak is not None:
            rows[label][1].append(peak)

    for _ in range(repeats):
        for name, product in products:
            url = product.fresh(f"{name}.db")
            t, peak, _, _ = product.import_(url)
            add(f"{name}: import", t, peak)
            t, peak, _, _ = product.import_(url)
            add(f"{name}: re-import, unchanged", t, peak)
            t, peak, _, _ = product.compute(url, timings=False)
            add(f"{name}: compute (whole command)", t, peak)
            if name == "after":
                _, _, _, err = product.compute(url, timings=True)
                m = re.search(r"read as columns (\S+) s, figures (\S+) s", err)
                add("after: reading the records, the registrations as columns", float(m.group(1)))
                add("after: figures over the columns", float(m.group(2)))
                t, _, _, _ = sqlite_scan("after.db")
                add("sqlite3: bare scan of the product's tables", t)
        t, peak, _, _ = sqlite_import("plain.db", keyed=False)
        add("sqlite3 .import, plain", t, peak)
        t, peak, _, _ = sqlite_import("keyed.db", keyed=True)
        add("sqlite3 .import, product's keys", t, peak)
        load_and_aggs, aggs = duckdb_run()
        add("DuckDB: CSV load + aggregates", load_and_aggs)
        add("DuckDB: aggregates only", aggs)
        if pg_url and n in pg_sizes:
            for name, product in products:
                url = pg_schema(pg_url, f"bench_{name}")
                subprocess.run([product.binary, "--database", url, "init"], check=True, capture_output=True)
                subprocess.run([product.binary, "--database", url, "import", "organisations.csv", "partners.csv"],
                               check=True, capture_output=True)
                t, peak, _, _ = product.import_(url)
                add(f"{name}: import, PostgreSQL", t, peak)
            t, peak, _, _ = psql_copy(pg_url)
            add("psql \\copy, product's keys", t, peak)
    return {label: (median(ts), max(ps) if ps else None) for label, (ts, ps) in rows.items()}


def size_table(n, m, products):
    lines = [f"### {n:,} registrations (2 scored domains each)".replace(",", " "), "",
             "| measurement | median | peak MiB |", "|---|---:|---:|"]
    for label, (t, peak) in m.items():
        lines.append(f"| {label} | {fmt(t)} | {'' if peak is None else f'{peak:.0f}'} |")
    lines.append("")
    def g(label):
        return m.get(label, (float("nan"), None))[0]

    def rows_per_s(t):
        return 3 * n / t if t == t and t else float("nan")

    aggregates = g("DuckDB: aggregates only")
    scan = g("sqlite3: bare scan of the product's tables")
    first = g("after: reading the records, the registrations as columns")
    keyed = g("sqlite3 .import, product's keys")
    copy = g("psql \\copy, product's keys")
    lines += ["| ratio | value | aim |", "|---|---:|---|",
              f"| figures over the columns ÷ DuckDB aggregates | "
              f"{ratio(g('after: figures over the columns'), aggregates)} | ≤ 0.5 |",
              f"| columns' first build (all records read) ÷ sqlite3 bare scan | {ratio(first, scan)} | ≤ 2 |"]
    for name, _ in products:
        imported, again = g(f"{name}: import"), g(f"{name}: re-import, unchanged")
        lines += [f"| {name}: import rows/s ÷ sqlite3 .import (product's keys) rows/s | "
                  f"{ratio(rows_per_s(imported), rows_per_s(keyed))} | ≥ 0.5 |",
                  f"| {name}: re-import ÷ import | {ratio(again, imported)} | ≤ 1 |",
                  f"| {name}: compute (whole command) ÷ DuckDB aggregates | "
                  f"{ratio(g(f'{name}: compute (whole command)'), aggregates)} | |"]
        if f"{name}: import, PostgreSQL" in m:
            lines.append(f"| {name}: PostgreSQL import ÷ psql \\copy (product's keys) | "
                         f"{ratio(g(f'{name}: import, PostgreSQL'), copy)} | ≤ 3 |")
    lines.append("")
    return lines


class Browser:
    """A signed-in user of a running server, with its cookie."""

    def __init__(self, base, user, password):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/sign-in")
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf": csrf, "username": user, "password": password}).encode()
        self.opener.open(base + "/sign-in", data)

    def get(self, path):
        with self.opener.open(self.base + path) as r:
            if r.status != 200:
                sys.exit(f"{path}: {r.status}")
            return r.read().decode()

    def timed(self, path):
        t = time.perf_counter()
        self.get(path)
        return time.perf_counter() - t

    def cookie(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def web(product, repeats):
    """The factsheet under 50 clients; the first page of Sedna after an
    import into De Schans, against Sedna's and De Schans's pages."""
    folder = tempfile.mkdtemp()
    port = 18126
    said = [os.path.join(folder, name) for name in ("out.txt", "err.txt")]
    server = subprocess.Popen([product.binary, "demo", "--listen", f"127.0.0.1:{port}"], cwd=folder,
                              stdout=open(said[0], "w"), stderr=open(said[1], "w"))
    password = None
    for _ in range(600):
        out, err = (open(f).read() for f in said)
        m = re.search(r"^\s+onderzoeker\s+\S+\s+(\S+)", out, re.M)
        if m and "serves on" in err:
            password = m.group(1)
            break
        time.sleep(0.2)
    base = f"http://127.0.0.1:{port}"
    lines = []
    try:
        user = Browser(base, "onderzoeker", password)
        sedna = "/organisations/sedna/factsheets/doorbreken_armoede/2021"
        deschans = "/organisations/deschans/factsheets/kwetsbare_inwoners/2022"
        db = f"sqlite://{os.path.join(folder, 'impactmonitor-demo.db')}"
        timings = {"Sedna, kept": [], "Sedna, first after an import into De Schans": [],
                   "De Schans, first after the import": []}
        for i in range(repeats):
            user.get(sedna)
            user.get(deschans)
            timings["Sedna, kept"].append(user.timed(sedna))
            with open(os.path.join(folder, "one.csv"), "w") as f:
                f.write("registration_id,organisation,area,form,start_date,end_date,age_group,main_domain\n"
                        f"bench-{i},deschans,Leek,traject,2022-03-01,2022-06-30,27-55,financien\n")
            subprocess.run([product.binary, "--database", db, "import", "one.csv"], cwd=folder,
                           check=True, capture_output=True)
            timings["Sedna, first after an import into De Schans"].append(user.timed(sedna))
            timings["De Schans, first after the import"].append(user.timed(deschans))
        lines += ["| page (researcher, demo, SQLite) | median of %d |" % repeats, "|---|---:|"]
        for label, ts in timings.items():
            lines.append(f"| {label} | {fmt(median(ts))} |")
        lines.append("")
        if shutil.which("wrk"):
            out = subprocess.run(["wrk", "-t2", "-c50", "-d15s", "--latency", "-H", f"Cookie: {user.cookie()}",
                                  base + deschans], capture_output=True, text=True).stdout
            rps = re.search(r"Requests/sec:\s+(\S+)", out).group(1)
            p50 = re.search(r"50%\s+(\S+)", out).group(1)
            p99 = re.search(r"99%\s+(\S+)", out).group(1)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            socket = re.search(r"Socket errors: (.*)", out)
            lines += ["| factsheet under 50 clients (wrk -t2 -c50 -d15s) | requests/s | p50 | p99 | errors |",
                      "|---|---:|---:|---:|---|",
                      f"| Kwetsbare inwoners 2022, researcher | {rps} | {p50} | {p99} | "
                      f"{(errors.group(1) if errors else '0')} non-2xx; {(socket.group(1) if socket else 'no socket errors')} |", ""]
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)
    return lines


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--product", required=True)
    a.add_argument("--before")
    a.add_argument("--before-label", default="before")
    a.add_argument("--sizes", default="10000,100000,1000000")
    a.add_argument("--repeats", type=int, default=3)
    a.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"))
    a.add_argument("--postgres-sizes", default="10000,100000")
    a.add_argument("--write")
    args = a.parse_args()
    if args.write:
        args.write = os.path.abspath(args.write)  # the run changes folders
    products = [("after", Product(os.path.abspath(args.product)))]
    if args.before:
        products.insert(0, ("before", Product(os.path.abspath(args.before))))
    pg_url = args.postgres if postgres(args.postgres) else None
    pg_sizes = {int(s) for s in args.postgres_sizes.split(",") if s}
    lines = [f"Measured on {datetime.date.today()} by `bash bench/run.sh` "
             f"(release builds, medians of {args.repeats}, one machine, the runs alternating)."
             + (f" `before` is {args.before_label}; `after` is this build." if args.before else ""), ""]
    for n in [int(s) for s in args.sizes.split(",")]:
        work = tempfile.mkdtemp()
        os.chdir(work)
        generate(work, n)
        print(f"measuring {n} registrations", file=sys.stderr)
        m = measure_size(n, products, args.repeats, pg_url, pg_sizes)
        lines += size_table(n, m, products)
        os.chdir("/")
        shutil.rmtree(work, ignore_errors=True)
    lines += ["### The web (release build, the demo)", ""]
    lines += web(products[-1][1], args.repeats)
    text = "\n".join(lines)
    print(text)
    if args.write:
        doc = open(args.write).read()
        section = f"{BEGIN}\n{text}\n{END}"
        if BEGIN in doc:
            doc = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, doc, flags=re.S)
        else:
            doc += "\n## National scale: the benchmark suite (issue 26)\n\n" + section + "\n"
        open(args.write, "w").write(doc)


if __name__ == "__main__":
    main()
