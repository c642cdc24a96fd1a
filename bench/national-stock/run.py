#!/usr/bin/env python3
"""The national stock against a running server: one campaign, end to end.

    bench/national-stock/run.py --pieces DIR [--url http://127.0.0.1:8080] [--candidates 4500]
        [--threads 4] [--serve "CMD" [--kill-every MIN:MAX] [--kills-per-stage N]] [--json FILE]

Against a server started with --demo (its accounts drive the run), on a data
directory with no campaign for the pieces' academic year:
  setup      the admin creates the campaign (quotas per UFR) and imports the
             ranking in chunks (one account and one-time password per candidate)
  upload     each candidate logs in and uploads 3 pieces (a mix of clean scans,
             phone photos and scanner PDFs); a piece not accepted is replaced
             by another rendering, as a candidate would
  issue      the agent issues the contracts in rank order; candidates of the
             complementary list must be refused (no place left)
  sign       each candidate signs (B-T, with password and consent)
  countersign  the agent countersigns; the server extends to B-LTA at once
  extend     contracts left at B-T (extension postponed) are extended in batch
  archive    the archivist reads every beneficiary's archive
  audit      the archivist runs the whole-archive integrity audit
then checks the invariants: every piece answered 201 is in its history, no
contract has a stage twice, no quota is exceeded, the audit is clean.

--serve CMD makes the driver start the server itself (CMD is a shell command,
e.g. "build/server/cesp serve --demo --data-dir /tmp/x --port 8080"), and
--kill-every MIN:MAX (or --kills-per-stage N) then SIGKILLs it at random
moments and restarts it: every request is retried until the server answers,
after checking what the killed attempt already committed. Pieces come from make_pieces.py (same directory).
Standard library only.
"""
import argparse
import concurrent.futures
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stock_http import Api, Refused  # noqa: E402

UFRS = [("UFR-MED-LYON-EST", "ARA", "69007", "Lyon"), ("UFR-MED-LYON-SUD", "ARA", "69310", "Pierre-Bénite"),
        ("UFR-MED-GRENOBLE", "ARA", "38700", "La Tronche"), ("UFR-MED-CLERMONT", "ARA", "63000", "Clermont-Ferrand"),
        ("UFR-MED-ST-ETIENNE", "ARA", "42270", "Saint-Priest-en-Jarez"),
        ("UFR-MED-PARIS-CITE", "IDF", "75006", "Paris"), ("UFR-MED-LILLE", "HDF", "59045", "Lille")]
ODONTO = ("UFR-ODONTO-LYON", "ARA", "69372", "Lyon")
RENDERINGS = ("phone", "clean", "pdf")
KILLABLE_STAGES = ("upload", "issue", "sign", "countersign")


class Progress:
    """One line on stderr: stage, done/total, rate, time left."""

    def __init__(self, stage, total):
        self.stage, self.total, self.done, self.started = stage, total, 0, time.monotonic()
        self.lock = threading.Lock()
        # On a terminal the line is redrawn; in a log, one line every 30 s.
        self.tty, self.drawn = sys.stderr.isatty(), 0.0
        self.draw()

    def step(self, n=1):
        with self.lock:
            self.done += n
            now = time.monotonic()
            if self.done == self.total or now - self.drawn >= (0.25 if self.tty else 30):
                self.drawn = now
                self.draw()

    def draw(self):
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        sys.stderr.write(("\r" if self.tty else "") + "%-11s [%s%s] %6d/%-6d %7.1f/s  %5.0f s elapsed  ~%5.0f s left " %
                         (self.stage, "#" * filled, "." * (width - filled), self.done, self.total, rate, elapsed, left))
        sys.stderr.write("" if self.tty else "\n")
        sys.stderr.flush()

    def close(self):
        if self.tty:
            sys.stderr.write("\n")
        return time.monotonic() - self.started


class Server:
    """The server process when the driver owns it (--serve), with SIGKILLs."""

    def __init__(self, command, api, log_path):
        self.command, self.api, self.log = command, api, open(log_path, "ab")
        self.process, self.kills, self.lock = None, 0, threading.Lock()
        self.stopping = threading.Event()

    def start(self):
        with self.lock:
            self.process = subprocess.Popen(self.command, shell=True, stdout=self.log, stderr=self.log,
                                            start_new_session=True)
        self.api.wait_healthy(120)

    def pid(self):
        return self.process.pid if self.process else None

    def kill(self, delay=0.0):
        time.sleep(delay)
        with self.lock:
            if self.stopping.is_set() and self.process.poll() is not None:
                return  # stopped for good: nothing to kill, nothing to restart
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.kills += 1
            self.process = subprocess.Popen(self.command, shell=True, stdout=self.log, stderr=self.log,
                                            start_new_session=True)

    def chaos(self, low, high):
        while not self.stopping.wait(random.uniform(low, high)):
            self.kill()

    def stop(self):
        self.stopping.set()
        if self.process:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        return int(fields["VmRSS"].split()[0])
    except (OSError, KeyError, ValueError):
        return None


def descendants(pid):
    """pid's children and theirs (every thread's children: a worker may be forked by any)."""
    out, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir("/proc/%d/task" % parent)
        except OSError:
            continue
        for task in tasks:
            try:
                children = [int(c) for c in open("/proc/%d/task/%s/children" % (parent, task)).read().split()]
            except (OSError, ValueError):
                continue
            out.extend(children)
            todo.extend(children)
    return out


def memory_kb(pid):
    """(RSS of the server process, RSS of its largest OCR worker) in kB, or None. Apart, because
    a worker's Tesseract models (~125 MB) load on its first pieces: a sum or a maximum of the
    two would show that one-time load as the server's growth. --serve may run the server under
    a shell: the largest non-worker process is the server."""
    if pid is None:
        return None
    server, worker = None, None
    for p in [pid] + descendants(pid):
        kb = rss_kb(p)
        try:
            command = open("/proc/%d/cmdline" % p, "rb").read()
        except OSError:
            continue
        if kb is None:
            continue
        if b"--worker" in command:
            worker = max(worker or 0, kb)
        else:
            server = max(server or 0, kb)
    return (server, worker) if server else None


def server_rss(pid):
    memory = memory_kb(pid)
    return memory[0] if memory else None


def median(values):
    return sorted(values)[len(values) // 2]


def unique_bytes(data, tag):
    """The same picture with different bytes: uploads are checked for duplicates per candidate
    only, but the archive stores each file, so each candidate's files are made distinct."""
    tag = tag.encode()
    if data.startswith(b"\x89PNG"):
        chunk = b"tEXt" + b"Comment\0" + tag
        body = len(tag + b"Comment\0").to_bytes(4, "big") + chunk + zlib.crc32(chunk).to_bytes(4, "big")
        return data[:33] + body + data[33:]  # after the signature and IHDR
    if data.startswith(b"\xff\xd8"):
        return data[:2] + b"\xff\xfe" + (len(tag) + 2).to_bytes(2, "big") + tag + data[2:]
    return data + b"\n% " + tag + b"\n"


def ranking_rows(people, count, complementary_per_key, ufrs):
    """The candidates, in rank order per (UFR, discipline); the last ones of each key on the
    complementary list. Returns (rows, quotas)."""
    rows, per_key = [], {}
    for i in range(count):
        p = people[i % len(people)]
        ufr = ODONTO if p["discipline"] == "odontologie" else UFRS[i % ufrs]
        per_key.setdefault((ufr, p["discipline"]), []).append((i, p))
    quotas = []
    for (ufr, discipline), members in sorted(per_key.items()):
        places = max(len(members) - complementary_per_key, 1)
        quotas.append({"ufr": ufr[0], "discipline": discipline, "contracts": places})
        for rank, (i, p) in enumerate(members):
            principal = rank < places
            rows.append({
                "index": i, "person": p, "ufr": ufr[0], "region": ufr[1], "discipline": discipline,
                "list": "principale" if principal else "complementaire",
                "rank": rank + 1 if principal else rank - places + 1,
                "email": "c%05d@stock.cesp.example" % i,
                "street": "%d rue de la Santé" % (1 + i % 120), "postal_code": ufr[2], "city": ufr[3],
            })
    rows.sort(key=lambda r: (r["list"] != "principale", r["rank"], r["ufr"]))
    return rows, quotas


def csv_of(rows):
    head = ("list;rank;ufr;discipline;status;year_of_study;birth_name;usage_name;given_names;sex;birth_date;"
            "birth_place;nationality;email;ine;region;street;postal_code;city")
    lines = [head]
    for r in rows:
        p = r["person"]
        lines.append(";".join([r["list"], str(r["rank"]), r["ufr"], r["discipline"], "etudiant",
                               str(p["year_of_study"]), p["surname"], "", p["given_names"], p["sex"],
                               p["birth_date"], "Lyon", "française", r["email"], p["ine"], r["region"],
                               '"%s"' % r["street"], r["postal_code"], r["city"]]))
    return "\n".join(lines) + "\n"


class Run:
    def __init__(self, args):
        self.args = args
        self.api = Api(args.url, retry_forever=bool(args.serve))
        self.pieces_dir = os.path.abspath(args.pieces)
        index = json.load(open(os.path.join(self.pieces_dir, "people.json")))
        self.year, self.people = index["year"], index["people"]
        self.server = None
        self.stages, self.counters = [], {}
        self.ledger_lock = threading.Lock()
        self.piece_ids = {}  # candidate id -> ids answered 201
        self.rss = []  # (seconds since start, server RSS kB, largest worker RSS kB), every --sample seconds
        self.finished = threading.Event()
        self.load = []  # the machine's 1-minute load average, at each sample: other work skews the times
        self.reads = {"requests": 0, "errors": 0}
        self.soak_report = None

    def count(self, name, n=1):
        with self.ledger_lock:
            self.counters[name] = self.counters.get(name, 0) + n

    def stage(self, name, items, work, threads=None):
        progress = Progress(name, len(items))
        rss_before = server_rss(self.server_pid())
        # --kills-per-stage: SIGKILLs when given fractions of the stage are done,
        # while the other clients' requests are in flight.
        kill_at = []
        if self.server and self.args.kills_per_stage and name in KILLABLE_STAGES:
            kill_at = sorted(random.randrange(len(items)) for _ in range(self.args.kills_per_stage))
        killers = []
        with concurrent.futures.ThreadPoolExecutor(threads or self.args.threads) as pool:
            futures = [pool.submit(work, item) for item in items]
            for done, f in enumerate(concurrent.futures.as_completed(futures)):
                f.result()
                progress.step()
                while kill_at and kill_at[0] <= done:
                    kill_at.pop(0)
                    killers.append(threading.Thread(target=self.server.kill, args=(random.uniform(0, 0.5),)))
                    killers[-1].start()
        for killer in killers:  # every kill of a stage happens before the next stage
            killer.join()
        seconds = progress.close()
        self.stages.append({"stage": name, "items": len(items), "seconds": round(seconds, 1),
                            "per_s": round(len(items) / seconds, 2) if seconds > 0 else None,
                            "rss_kb_before": rss_before, "rss_kb_after": server_rss(self.server_pid())})
        return seconds

    def server_pid(self):
        if self.server:
            return self.server.pid()
        return self.args.server_pid

    # --- stages -------------------------------------------------------------------------------

    def setup(self):
        started = time.monotonic()
        self.admin = self.api.login(self.args.admin)
        self.agent = self.api.login(self.args.agent)
        self.archivist = self.api.login(self.args.archivist)
        for c in self.api.call("GET", "/api/v1/campaigns", token=self.admin):
            if c["academic_year"] == self.year:
                sys.exit("a campaign for %s already exists on this server: start it on a fresh data directory"
                         % self.year)
        self.rows, quotas = ranking_rows(self.people, self.args.candidates, self.args.complementary,
                                               self.args.ufrs)
        campaign = self.api.call("POST", "/api/v1/campaigns", {"academic_year": self.year, "quotas": quotas},
                                 token=self.admin)
        self.campaign_id, self.quotas = campaign["id"], {(q["ufr"], q["discipline"]): q["contracts"] for q in quotas}
        progress = Progress("setup", len(self.rows))
        chunk = self.args.import_chunk
        for start in range(0, len(self.rows), chunk):
            part = self.rows[start:start + chunk]
            answer = self.api.call("POST", "/api/v1/campaigns/%s/rankings" % self.campaign_id, csv_of(part),
                                   token=self.admin, content_type="text/csv", idempotent=False)
            for row, created in zip(part, answer["candidates"]):
                row["candidate_id"], row["login"] = created["candidate_id"], created["login"]
                row["password"] = created["initial_password"]
            progress.step(len(part))
        seconds = progress.close()
        self.stages.append({"stage": "setup", "items": len(self.rows), "seconds": round(time.monotonic() - started, 1),
                            "per_s": round(len(self.rows) / seconds, 2)})

    def upload_candidate(self, row):
        row["token"] = self.api.login("%s:%s" % (row["login"], row["password"]))
        for k, kind in enumerate(("identity", "enrollment", "bank")):
            first = RENDERINGS[(row["index"] + k) % 3]
            order = [first] + [r for r in ("clean", "pdf", "phone") if r != first]
            for attempt, rendering in enumerate(order):
                verdict, reasons = self.upload(row, kind, rendering, attempt)
                self.count("pieces_%s_%s" % (rendering, verdict))
                for reason in reasons:
                    self.count("refused_%s_%s_%s" % (kind, rendering, reason))
                if verdict == "accepted":
                    break
                self.count("replaced_pieces")
            else:
                self.count("dossiers_left_incomplete")
                row["incomplete"] = True

    def upload(self, row, kind, rendering, attempt):
        path = os.path.join(self.pieces_dir, row["person"]["files"][kind][rendering])
        data = unique_bytes(open(path, "rb").read(), "%s/%s/%d" % (row["candidate_id"], kind, attempt))
        url = "/api/v1/candidates/%s/pieces" % row["candidate_id"]

        def committed():  # what a killed attempt may have stored
            for p in self.api.call("GET", url, token=row["token"]):
                if p["kind"] == kind and p["state"] == "accepted":
                    return p
            return None

        try:
            piece = self.api.upload(url, kind, os.path.basename(path), data, token=row["token"], committed=committed)
        except Refused as refused:
            if refused.status == 409 and committed():
                return "accepted", []
            raise
        with self.ledger_lock:
            self.piece_ids.setdefault(row["candidate_id"], set()).add(piece["id"])
        verdict = piece["verdict"]
        return verdict["verdict"], [r["code"] for r in verdict.get("reasons", [])]

    def issue(self, row):
        if row.get("incomplete"):
            return  # a piece was refused in every rendering: the agent cannot issue
        url = "/api/v1/candidates/%s/contract" % row["candidate_id"]

        def committed():  # a draft is a reservation the killed attempt did not finish: POST resumes it
            contract = self.api.find("GET", url, token=self.agent)
            return contract if contract and contract["state"] != "draft" else None

        try:
            contract = self.api.call("POST", url, {}, token=self.agent, idempotent=False, committed=committed)
            row["contract_id"] = contract["id"]
            self.count("contracts_issued")
        except Refused as refused:
            if refused.status == 409 and refused.code == "already_exists":
                row["contract_id"] = self.api.call("GET", url, token=self.agent)["id"]
                self.count("contracts_issued")
            elif row["list"] == "complementaire" and refused.code in ("offer_not_pending", "quota_exhausted"):
                self.count("complementary_refused")
            else:
                raise

    def sign(self, row, login, stage, consent):
        """`login`: "LOGIN:PASSWORD" of the signer, whose password is typed again to sign. A
        candidate who uploaded at the start of the run has not used the platform for longer
        than the 30-minute idle limit of a session: Api logs in again, like a person would."""
        url = "/api/v1/contracts/%s" % row["contract_id"]
        token = row["token"] if consent else self.agent
        body = {"password": login.split(":", 1)[1]}
        if consent:
            body["consent"] = True

        def committed():
            contract = self.api.call("GET", url, token=token)
            return contract if any(r["stage"] == stage for r in contract["revisions"]) else None

        try:
            self.api.call("POST", url + "/signatures", body, token=token, idempotent=False, committed=committed)
        except Refused as refused:
            if not (refused.status == 409 and committed()):
                raise
        self.count("signatures")

    def repeat_once(self, sign, signed):
        if signed:
            before = self.counters.get("signatures", 0)
            sign(signed[0])
            self.counters["signatures"] = before  # the repeat signs nothing
            self.count("repeated_signatures_recognised")

    def extend_left_over(self, row):
        url = "/api/v1/contracts/%s" % row["contract_id"]
        contract = self.api.call("GET", url, token=self.agent)
        if contract["state"] == "countersigned":
            self.api.call("POST", url + "/extension", {}, token=self.agent, idempotent=False,
                          committed=lambda: self.api.call("GET", url, token=self.agent)["state"] == "archived" or None)
            self.count("extended_in_batch")
        row["contract"] = self.api.call("GET", url, token=self.agent)

    def read_archive(self, row):
        record = self.api.call("GET", "/api/v1/archive/beneficiaries/%s" % row["candidate_id"], token=self.archivist)
        self.count("archive_items", len(record.get("items", [])))

    def audit(self):
        started = time.monotonic()
        progress = Progress("audit", 1)  # GET starts the audit in the background and answers 202 until done
        while True:
            report = self.api.call("GET", "/api/v1/archive/audit", token=self.archivist, expect=(200, 202))
            if report.get("status") != "running":
                break
            time.sleep(0.5)
        progress.step()
        progress.close()
        seconds = time.monotonic() - started
        self.stages.append({"stage": "audit", "items": 1, "seconds": round(seconds, 1)})
        return report

    def time_campaign_lists(self):
        """The agent's first page of each campaign-wide list, then every page of it."""
        for name in ("offers", "dossiers"):
            path = "/api/v1/campaigns/%s/%s" % (self.campaign_id, name)
            started = time.monotonic()
            first = self.api.call("GET", path + "?offset=0&limit=50", token=self.agent)
            self.stages.append({"stage": "list %s (first page of 50)" % name, "items": len(first),
                                "seconds": round(time.monotonic() - started, 2)})
            started = time.monotonic()
            items = 0
            while True:
                page = self.api.call("GET", "%s?offset=%d&limit=1000" % (path, items), token=self.agent)
                items += len(page)
                if len(page) < 1000:
                    break
            self.stages.append({"stage": "list %s (all, pages of 1000)" % name, "items": items,
                                "seconds": round(time.monotonic() - started, 2)})

    def soak(self, minutes):
        """--soak: mixed traffic on the finished campaign for MINUTES, no pause, every answer
        checked; the RSS samples of that window say whether memory stays flat."""
        signed = [r for r in self.rows if r.get("contract_id")]
        pages = max(1, len(self.rows) // 50)
        tokens = {"agent": self.api.current(self.agent), "archivist": self.api.current(self.archivist)}
        mix = [  # (weight, name, role, path of a random row)
            (4, "dossier", "agent", lambda r: "/api/v1/candidates/%s/dossier" % r["candidate_id"]),
            (2, "dossiers page", "agent", lambda r: "/api/v1/campaigns/%s/dossiers?offset=%d&limit=50"
             % (self.campaign_id, 50 * random.randrange(pages))),
            (2, "me", "agent", lambda r: "/api/v1/me"),
            (2, "contract", "agent", lambda r: "/api/v1/contracts/%s" % r["contract_id"]),
            (1, "contract pdf", "agent", lambda r: "/api/v1/contracts/%s/pdf" % r["contract_id"]),
            (1, "verification", "agent", lambda r: "/api/v1/contracts/%s/verification" % r["contract_id"]),
            (2, "archive record", "archivist", lambda r: "/api/v1/archive/beneficiaries/%s" % r["candidate_id"]),
            (1, "search", "archivist", lambda r: "/api/v1/beneficiaries?q=%s"
             % urllib.parse.quote(r["person"]["surname"][:4])),
            (1, "login", None, None),
        ]
        weighted = [m for m in mix for _ in range(m[0])]
        counts, failures = {}, []
        deadline = time.monotonic() + minutes * 60
        progress = Progress("soak", int(minutes * 60))
        started = time.monotonic()

        def client():
            while time.monotonic() < deadline:
                _, name, role, path_of = random.choice(weighted)
                row = random.choice(signed)
                try:
                    if role is None:  # a candidate logs in and reads their account
                        token = self.api.login("%s:%s" % (row["login"], row["password"]))
                        self.api.call("GET", "/api/v1/me", token=token)
                    else:
                        path = path_of(row)
                        status, payload = self.api.send("GET", path, None,
                                                        {"Authorization": "Bearer " + tokens[role]}, True, None)
                        if status != 200 or (name == "contract pdf" and not payload.startswith(b"%PDF-")):
                            raise RuntimeError("GET %s: HTTP %d %s" % (path, status, payload[:200]))
                except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the soak
                    with self.ledger_lock:
                        failures.append("%s: %s" % (name, error))
                with self.ledger_lock:
                    counts[name] = counts.get(name, 0) + 1

        threads = [threading.Thread(target=client) for _ in range(self.args.threads)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(1)
            progress.done = min(progress.total, int(time.monotonic() - started))
            progress.step(0)
        progress.close()
        seconds = time.monotonic() - started
        requests = sum(counts.values())
        window = [sample for sample in self.rss if sample[0] >= started - self.run_started]
        self.soak_report = {"minutes": minutes, "requests": requests, "per_s": round(requests / seconds, 1),
                            "by_kind": counts, "errors": len(failures), "first_errors": failures[:5],
                            "rss_kb_samples": window}
        self.stages.append({"stage": "soak", "items": requests, "seconds": round(seconds, 1),
                            "per_s": round(requests / seconds, 1), "rss_kb_after": server_rss(self.server_pid())})
        for failure in failures[:5]:
            sys.stderr.write("soak: %s\n" % failure)

    def sample_memory(self, started):
        while not self.finished.wait(self.args.sample):
            memory = memory_kb(self.server_pid())
            self.load.append(os.getloadavg()[0])
            if memory:
                self.rss.append((round(time.monotonic() - started),) + memory)

    def read_traffic(self):
        """What staff do meanwhile: open dossiers, look at their account, turn a page of the
        campaign's dossiers."""
        api = Api(self.args.url, retry_forever=bool(self.args.serve))
        while not self.finished.wait(self.args.read_pause):
            row = random.choice(self.rows)
            page = "/api/v1/campaigns/%s/dossiers?offset=%d&limit=50" % (
                self.campaign_id, 50 * random.randrange(max(1, len(self.rows) // 50)))
            path = random.choice(["/api/v1/me", page] + ["/api/v1/candidates/%s/dossier" % row["candidate_id"]] * 3)
            try:
                api.call("GET", path, token=self.api.current(self.agent))
            except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the run
                self.reads["errors"] += 1
                if self.reads["errors"] <= 5:
                    sys.stderr.write("\nread %s failed: %s\n" % (path, error))
            self.reads["requests"] += 1

    # --- invariants ---------------------------------------------------------------------------

    def check_invariants(self, audit_report):
        problems = []
        issued_per_key = {}
        for row in self.rows:
            contract = row.get("contract")
            if not contract:
                continue
            key = (row["ufr"], row["discipline"])
            issued_per_key[key] = issued_per_key.get(key, 0) + 1
            stages = [r["stage"] for r in contract["revisions"]]
            doubles = sorted({s for s in stages if stages.count(s) > 1})
            if doubles:
                problems.append("%s: stage(s) %s archived twice" % (contract["reference"], ", ".join(doubles)))
            if contract["state"] != "archived":
                problems.append("%s: left in state %s" % (contract["reference"], contract["state"]))
        for key, issued in issued_per_key.items():
            if issued > self.quotas[key]:
                problems.append("%s %s: %d contracts for a quota of %d" % (key[0], key[1], issued, self.quotas[key]))
        for row in self.rows:
            answered = self.piece_ids.get(row["candidate_id"], set())
            if not answered:
                continue
            stored = {p["id"] for p in self.api.call("GET", "/api/v1/candidates/%s/pieces" % row["candidate_id"],
                                                      token=self.agent)}
            for lost in sorted(answered - stored):
                problems.append("piece %s of %s answered 201 but is gone" % (lost, row["candidate_id"]))
        if audit_report.get("status") != "ok":
            problems.append("audit: %s" % json.dumps(audit_report.get("report", {}).get("findings", [])[:5]))
        return problems

    def run(self):
        if self.args.serve:
            self.server = Server(self.args.serve, self.api, self.args.server_log)
            self.server.start()
        started = self.run_started = time.monotonic()
        try:
            self.setup()
            threading.Thread(target=self.sample_memory, args=(started,), daemon=True).start()
            for _ in range(self.args.readers):
                threading.Thread(target=self.read_traffic, daemon=True).start()
            if self.server and self.args.kill_every:
                low, high = (float(v) for v in self.args.kill_every.split(":"))
                threading.Thread(target=self.server.chaos, args=(low, high), daemon=True).start()
            self.stage("upload", self.rows, self.upload_candidate)
            by_rank = sorted(self.rows, key=lambda r: (r["ufr"], r["discipline"], r["list"] != "principale", r["rank"]))
            # Rank order is the rule: one agent, one contract after the other.
            self.stage("issue", by_rank, self.issue, threads=1)
            signed = [r for r in self.rows if r.get("contract_id")]
            candidate_signs = lambda r: self.sign(r, "%s:%s" % (r["login"], r["password"]), "signed_by_candidate", True)
            agent_countersigns = lambda r: self.sign(r, self.args.agent, "countersigned", False)
            self.stage("sign", signed, candidate_signs)
            # A signature repeated after its answer was lost (a kill between commit and answer)
            # must be recognised as done, never signed twice nor failing the run: once on purpose.
            self.repeat_once(candidate_signs, signed)
            self.stage("countersign", signed, agent_countersigns)
            self.repeat_once(agent_countersigns, signed)
            if self.server:
                self.server.stopping.set()  # the last stages and checks run without kills
            self.stage("extend", signed, self.extend_left_over)
            # At full size the archivist's session, idle since the setup, has expired by now (the
            # PostgreSQL run stopped on it): end it on purpose so that every run renews it.
            self.api.call("DELETE", "/api/v1/session", token=self.archivist, expect=(200, 204))
            self.stage("archive", self.rows, self.read_archive)
            audit_report = self.audit()
            self.time_campaign_lists()
            total = time.monotonic() - started
            if self.args.soak:
                self.soak(self.args.soak)
            self.finished.set()
            problems = self.check_invariants(audit_report)
            if self.reads["errors"]:
                problems.append("%d of %d background reads failed" % (self.reads["errors"], self.reads["requests"]))
            if self.soak_report and self.soak_report["errors"]:
                problems.append("soak: %d of %d requests failed" % (self.soak_report["errors"],
                                                                   self.soak_report["requests"]))
        except BaseException:
            print("\nstopped after: %s; counters: %s" % (json.dumps(self.stages), json.dumps(self.counters)))
            raise
        finally:
            self.finished.set()
            if self.server:
                self.server.stop()
        return self.report(total, audit_report, problems)

    def report(self, total, audit_report, problems):
        if self.api.relogins:
            self.count("logins_after_session_expiry", self.api.relogins)
        signatures = self.counters.get("signatures", 0)
        sign_seconds = sum(s["seconds"] for s in self.stages if s["stage"] in ("sign", "countersign"))
        upload_seconds = next(s["seconds"] for s in self.stages if s["stage"] == "upload")
        pieces = sum(v for k, v in self.counters.items() if k.startswith("pieces_"))
        out = {
            "candidates": len(self.rows), "academic_year": self.year, "total_seconds": round(total, 1),
            "pieces_uploaded": pieces, "pieces_per_s": round(pieces / upload_seconds, 2),
            "signatures_per_s": round(signatures / sign_seconds, 2) if sign_seconds else None,
            "audit_seconds": next(s["seconds"] for s in self.stages if s["stage"] == "audit"),
            "audit": {k: audit_report.get("report", {}).get(k) for k in
                      ("items", "blobs_checked", "bytes_hashed", "journal_entries", "seals")},
            "server_kills": self.server.kills if self.server else 0,
            "stages": self.stages, "counters": dict(sorted(self.counters.items())),
            "retries": self.api.retries, "background_reads": self.reads, "rss_kb_samples": self.rss,
            "soak": self.soak_report,
            "load_average_mean": round(sum(self.load) / len(self.load), 2) if self.load else None,
            "problems": problems,
        }
        print("\nnational stock: %d candidates, %s, %d pieces, %d signatures, %d SIGKILLs" %
              (len(self.rows), self.year, pieces, signatures, out["server_kills"]))
        print("%-12s %8s %10s %10s %14s" % ("stage", "items", "seconds", "per s", "server RSS MB"))
        for s in self.stages:
            rss = s.get("rss_kb_after")
            print("%-12s %8d %10.1f %10s %14s" % (s["stage"], s["items"], s["seconds"], s.get("per_s") or "",
                                                  "%.0f" % (rss / 1024) if rss else ""))
        print("total %.1f s (%.1f min); pieces %.2f/s; signatures %s/s; audit %.1f s; retries %d" %
              (total, total / 60, out["pieces_per_s"], out["signatures_per_s"], out["audit_seconds"],
               self.api.retries))
        if self.rss:
            sizes = [sample[1] for sample in self.rss]
            workers = [sample[2] for sample in self.rss if sample[2]]
            half = len(sizes) // 2
            print("server RSS over %d samples: min %.0f MB, max %.0f MB; median of the first half %.0f MB, "
                  "of the second half %.0f MB; largest OCR worker: max %.0f MB" %
                  (len(sizes), min(sizes) / 1024, max(sizes) / 1024, median(sizes[:half] or sizes) / 1024,
                   median(sizes[half:]) / 1024, max(workers or [0]) / 1024))
        print("background reads: %d, errors %d" % (self.reads["requests"], self.reads["errors"]))
        if self.soak_report:
            soak = self.soak_report
            print("soak: %.0f min, %d requests (%.1f/s), %d errors; %s" %
                  (soak["minutes"], soak["requests"], soak["per_s"], soak["errors"],
                   ", ".join("%s %d" % kv for kv in sorted(soak["by_kind"].items()))))
            for name, column in (("server", 1), ("largest OCR worker", 2)):
                sizes = [sample[column] for sample in soak["rss_kb_samples"] if sample[column]]
                if len(sizes) >= 3:
                    third = len(sizes) // 3
                    print("soak RSS of the %s over %d samples: first %.0f MB, last %.0f MB, max %.0f MB; median "
                          "of the first third %.0f MB, of the last third %.0f MB" %
                          (name, len(sizes), sizes[0] / 1024, sizes[-1] / 1024, max(sizes) / 1024,
                           median(sizes[:third]) / 1024, median(sizes[-third:]) / 1024))
        if self.load:
            print("machine load average during the run: mean %.1f, max %.1f on %d CPUs" %
                  (sum(self.load) / len(self.load), max(self.load), os.cpu_count()))
        print("counters: " + ", ".join("%s %d" % kv for kv in sorted(self.counters.items())))
        print("invariants: " + ("all hold" if not problems else "%d VIOLATED" % len(problems)))
        for p in problems[:20]:
            print("  " + p)
        if self.args.json:
            json.dump(out, open(self.args.json, "w"), indent=1)
        return 0 if not problems else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--pieces", required=True, help="output of make_pieces.py")
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--candidates", type=int, default=4500)
    ap.add_argument("--complementary", type=int, default=2, help="candidates per UFR left without a place")
    ap.add_argument("--ufrs", type=int, default=len(UFRS), choices=range(1, len(UFRS) + 1),
                    help="medical UFRs the candidates are spread over")
    ap.add_argument("--threads", type=int, default=4, help="concurrent clients")
    ap.add_argument("--import-chunk", type=int, default=500)
    ap.add_argument("--admin", default="admin@demo.cesp:demo-admin")
    ap.add_argument("--agent", default="agent@demo.cesp:demo-agent")
    ap.add_argument("--archivist", default="archiviste@demo.cesp:demo-archiviste")
    ap.add_argument("--serve", help="shell command that starts the server (the driver then owns it)")
    ap.add_argument("--server-log", default="national-stock-server.log")
    ap.add_argument("--server-pid", type=int, help="pid of a server started elsewhere, for its memory")
    ap.add_argument("--kill-every", help="MIN:MAX seconds between SIGKILLs of the --serve server")
    ap.add_argument("--kills-per-stage", type=int, default=0,
                    help="SIGKILLs of the --serve server at random points of each stage that writes")
    ap.add_argument("--readers", type=int, default=1, help="background clients reading dossiers meanwhile")
    ap.add_argument("--read-pause", type=float, default=0.05, help="seconds between two background reads")
    ap.add_argument("--sample", type=float, default=30, help="seconds between two samples of the server's RSS")
    ap.add_argument("--soak", type=float, default=0,
                    help="minutes of mixed read and login traffic on the finished campaign (the memory soak)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    if (args.kill_every or args.kills_per_stage) and not args.serve:
        ap.error("--kill-every and --kills-per-stage need --serve")
    random.seed(args.seed)
    sys.exit(Run(args).run())


if __name__ == "__main__":
    main()
