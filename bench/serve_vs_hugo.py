#!/usr/bin/env python3
"""Benchmark (not a test): `sitrep serve` beside `hugo server --renderToMemory`
on the same synthetic digest, each row timed from the save on disk to the
change being visible over HTTP, the way an editor's browser sees it.

    python3 bench/serve_vs_hugo.py [N=10000] [RUNS=5]

Run it from the project root after `cargo build --release`. The two sites are
made by ../shared/bench/gen_corpus.py into $BENCH_WORK/serve-N (default
/tmp/bench-work) and copied before each engine's run, so the originals stay as
they were. Hugo is the binary ../shared/tools/setup.sh installs (HUGO
overrides it, HUGO=none leaves it out); without it only sitrep's rows are
printed. SITREP overrides the sitrep binary.

Rows (medians of RUNS, with min-max):
  ready     start of the server to the home page answering 200
  edit      an existing article saved with a new sentence, to that sentence
            being in the served page
  add       a new article saved, to its page being served
  delete    the new article removed, to its URL answering 404 (30 s at most)
  20 files  twenty new articles saved at once, to the last one being served
  RSS       the server's resident memory after the runs (VmRSS) and its peak
            (VmHWM)
and, for the goals, sitrep's cold build time and peak RSS on the same site.
For sitrep the script also listens to the reload events `sitrep serve` sends
its open pages (/__sitrep/events) and prints, in the same runs, the time from
each save to its event beside the HTTP time ("add (event)", "delete (event)"):
the change is served by the time its event is sent (the rebuild stores the
files, then tells the pages), so the two differ by how long the poller takes to
see it, and a gap between this script's rows and `serve_reload`'s (an example
of this crate that times only the event) is the load of the other run, not a
publish step.
"""

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared"))
ANCHORS = Path(os.environ.get("ANCHORS", Path.home() / ".cache/sitrep-anchors"))
POLL = 0.001
GIVE_UP = 30.0


def hugo_binary():
    if os.environ.get("HUGO"):
        return None if os.environ["HUGO"] == "none" else os.environ["HUGO"]
    found = sorted(ANCHORS.glob("hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo"))
    return str(found[0]) if found else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    """Status and body of one GET, or (0, b"") when nothing answers."""
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, body
    except OSError:
        return 0, b""


def wait_until(test, limit=GIVE_UP):
    """Seconds until test() holds, or None after `limit`."""
    t0 = time.perf_counter()
    while True:
        if test():
            return time.perf_counter() - t0
        if time.perf_counter() - t0 > limit:
            return None
        time.sleep(POLL)


def save(path, text):
    """Write beside and rename over, as editors do."""
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def memory(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    kb = lambda key: int(re.search(rf"^{key}:\s+(\d+)", status, re.M).group(1))
    return kb("VmRSS") / 1024, kb("VmHWM") / 1024


class Events:
    """The times `sitrep serve`'s reload events arrive, read from its event
    stream in a thread of their own."""

    def __init__(self, port):
        self.times = []
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=GIVE_UP)
        self.sock.sendall(b"GET /__sitrep/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            if b"event: reload" in data:
                self.times.append(time.perf_counter())

    def after(self, t0, limit=1.0):
        """Seconds from t0 to the first reload event after it (waiting up to
        `limit` for it), or None."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            later = [t for t in self.times if t >= t0]
            if later:
                return later[0] - t0
            time.sleep(POLL)
        return None

    def close(self):
        self.sock.close()


def with_front_matter_of(like, changes, body):
    """A new article: `like`'s front matter (so every field a template
    reads is there) with a new title and `changes`, and `body`."""
    head = like.read_text().split("\n---\n", 1)[0]
    changes = {"title": '"Added for the benchmark"', **changes}
    lines = [l for l in head.splitlines() if l.split(":", 1)[0] not in changes]
    lines += [f"{k}: {v}" for k, v in changes.items()]
    return "\n".join(lines) + f"\n---\n{body}\n"


class Engine:
    """How one engine names its files and URLs."""

    def __init__(self, name, site):
        self.name, self.site = name, site

    def articles(self):
        return sorted(p for p in (self.site / "content").rglob("*.md")
                      if p.name != "_index.md" and "/topics/" not in str(p))


class Sitrep(Engine):
    def __init__(self, site):
        super().__init__("sitrep", site)
        m = re.search(r"^timezone:\s*(\S+)", (site / "site.yaml").read_text(), re.M)
        self.tz = ZoneInfo(m.group(1).strip("\"'")) if m else ZoneInfo("UTC")

    def command(self, binary, port):
        return [binary, "serve", "--root", str(self.site), "--port", str(port)]

    def url(self, path):
        text = path.read_text()
        stamp = re.search(r"^date:\s*\"?([^\"\n]+)", text, re.M).group(1).strip()
        if "T" in stamp:
            day = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(self.tz)
        else:
            day = datetime.fromisoformat(stamp)
        return f"/{day:%Y/%m/%d}/{path.stem}/"

    def new_article(self, like, name, marker):
        return like.parent / f"{name}.md", with_front_matter_of(like, {}, marker)


class Hugo(Engine):
    def __init__(self, site):
        super().__init__("hugo", site)

    def command(self, binary, port):
        return [binary, "server", "--source", str(self.site), "--renderToMemory",
                "--port", str(port), "--bind", "127.0.0.1", "--quiet"]

    def articles(self):
        return [p for p in super().articles() if re.search(r"^url:", p.read_text(), re.M)]

    def url(self, path):
        return re.search(r'^url:\s*"?([^"\n]+)', path.read_text(), re.M).group(1)

    def new_article(self, like, name, marker):
        day = "/".join(self.url(like).strip("/").split("/")[:3])
        text = with_front_matter_of(like, {"url": f'"/{day}/{name}/"'}, marker)
        return like.parent / f"{name}.md", text


def run_engine(engine, binary, runs):
    """Every row for one engine: a dict of row name to a list of seconds
    (None where the change never became visible), plus memory."""
    port = free_port()
    t0 = time.perf_counter()
    server = subprocess.Popen(engine.command(binary, port), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    rows = {}
    try:
        ready = wait_until(lambda: get(port, "/")[0] == 200, limit=300)
        rows["ready"] = [None if ready is None else time.perf_counter() - t0]
        articles = engine.articles()
        article = articles[len(articles) // 2]
        url = engine.url(article)
        status, _ = get(port, url)
        if status != 200:
            sys.exit(f"{engine.name}: {url} (from {article}) answers {status}")
        original = article.read_text()

        rows["edit"] = []
        for i in range(runs):
            marker = f"Benchmark sentence {i} {time.time_ns()}."
            save(article, f"{original}\n{marker}\n")
            rows["edit"].append(wait_until(lambda: marker.encode() in get(port, url)[1]))
            time.sleep(0.3)
        save(article, original)
        time.sleep(1.0)

        rows["add"], rows["delete"] = [], []
        events = Events(port) if isinstance(engine, Sitrep) else None
        if events:
            rows["add (event)"], rows["delete (event)"] = [], []
            time.sleep(0.2)
        for i in range(runs):
            marker = f"Added sentence {i} {time.time_ns()}."
            name = f"bench-added-{i}"
            path, body = engine.new_article(article, name, marker)
            new_url = url.rsplit("/", 2)[0] + f"/{name}/"
            t0 = time.perf_counter()
            save(path, body)
            rows["add"].append(wait_until(lambda: marker.encode() in get(port, new_url)[1]))
            if events:
                rows["add (event)"].append(events.after(t0))
            time.sleep(0.3)
            t0 = time.perf_counter()
            path.unlink()
            rows["delete"].append(wait_until(lambda: get(port, new_url)[0] == 404))
            if events:
                rows["delete (event)"].append(events.after(t0))
            time.sleep(0.3)
        if events:
            events.close()

        rows["20 files"] = []
        for run in range(runs):
            made = []
            t = time.perf_counter()
            for k in range(20):
                marker = f"Imported sentence {run}-{k} {time.time_ns()}."
                name = f"bench-import-{run}-{k}"
                path, body = engine.new_article(article, name, marker)
                save(path, body)
                made.append((path, url.rsplit("/", 2)[0] + f"/{name}/", marker))
            last = made[-1]
            seen = wait_until(lambda: all(m.encode() in get(port, u)[1] for _, u, m in made))
            rows["20 files"].append(None if seen is None else time.perf_counter() - t)
            _ = last
            for path, _, _ in made:
                path.unlink()
            time.sleep(1.5)
        rows["memory"] = memory(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    return rows


def cold_build(binary, site, runs):
    """Median wall seconds and peak RSS (MB) of a full `sitrep build`."""
    walls, peaks = [], []
    out = Path("/dev/shm/serve-vs-hugo-build")
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "build", "--root", str(site),
                            "--output", str(out), "--quiet"],
                           capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - t)
        peaks.append(int(r.stderr.strip().splitlines()[-1]) / 1024)
    shutil.rmtree(out, ignore_errors=True)
    return statistics.median(walls), statistics.median(peaks)


def cell(times, unit="ms"):
    if not times:
        return "n/a"
    if any(t is None for t in times):
        return f"still the old page after {GIVE_UP:.0f} s ({sum(t is None for t in times)} of {len(times)} runs)"
    scale = 1000 if unit == "ms" else 1
    med, lo, hi = statistics.median(times), min(times), max(times)
    if len(times) == 1:
        return f"{med * scale:.0f} {unit}" if unit == "ms" else f"{med:.2f} s"
    if unit == "ms":
        return f"{med * scale:.0f} ms ({lo * scale:.0f}-{hi * scale:.0f})"
    return f"{med:.2f} s ({lo:.2f}-{hi:.2f})"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    sitrep = os.environ.get("SITREP", str(ROOT / "target/release/sitrep"))
    hugo = hugo_binary()
    work = Path(os.environ.get("BENCH_WORK", "/tmp/bench-work")) / f"serve-{n}"
    engines = [("sitrep", Sitrep, sitrep)] + ([("hugo", Hugo, hugo)] if hugo else [])
    results = {}
    for name, kind, binary in engines:
        original = work / name
        if not original.exists():
            subprocess.run([sys.executable, str(SHARED / "bench/gen_corpus.py"), "--engine", name,
                            "--pages", str(n), "--out", str(original)], check=True,
                           stdout=subprocess.DEVNULL)
        copy = work / f"run-{name}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(original, copy)
        print(f"{name}: {n} articles, {runs} runs ...", file=sys.stderr, flush=True)
        results[name] = run_engine(kind(copy), binary, runs)
        if name == "sitrep":
            results["build"] = cold_build(binary, copy, 3)
            search = re.search(r"^search:\s*false", (copy / "site.yaml").read_text(), re.M)
            results["search"] = "off" if search else "on"
        shutil.rmtree(copy, ignore_errors=True)

    build_s, build_mb = results["build"]
    print(f"\n{n} articles, {runs} runs each, medians (min-max); load average "
          f"{os.getloadavg()[0]:.1f}; sitrep search {results['search']}; sitrep cold build "
          f"{build_s:.2f} s, peak RSS {build_mb:.0f} MB\n")
    header = ["", "Hugo server --renderToMemory", "sitrep serve", "goal"]
    goals = {"ready": f"<= {1.5 * build_s:.2f} s (1.5 x build)", "edit": "<= 20 ms to the reload event",
             "add": "<= 100 ms", "delete": "<= 100 ms", "20 files": "<= 300 ms, one rebuild",
             "add (event)": "(the same runs, save to reload event)",
             "delete (event)": "(the same runs, save to reload event)",
             "memory": f"<= {1.5 * build_mb:.0f} MB (1.5 x build peak)"}
    lines = []
    for row in ["ready", "edit", "add", "add (event)", "delete", "delete (event)", "20 files",
                "memory"]:
        def show(engine):
            if engine not in results:
                return "not installed"
            if row not in results[engine]:
                return "n/a"
            if row == "memory":
                rss, hwm = results[engine]["memory"]
                return f"{rss:.0f} MB (peak {hwm:.0f} MB)"
            return cell(results[engine][row], "s" if row == "ready" else "ms")
        lines.append([row, show("hugo"), show("sitrep"), goals[row]])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for line in lines:
        print("| " + " | ".join(line) + " |")


if __name__ == "__main__":
    main()
