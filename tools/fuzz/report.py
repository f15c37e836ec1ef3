"""What the fuzz run saw: answers per route and status, the 500s with the requests that
caused them, tracebacks in the server log, and the memory of the Odoo processes."""

import collections
import json
import re

import psutil

SAMPLES_PER_ROUTE = 3
TRACEBACK = "Traceback (most recent call last)"
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+) (\d+) (\w+) ")
ACCESS = re.compile(r' werkzeug: .*?"([^ ]+ [^ ]+) HTTP/[\d.]+" (\d+|-)')  # not \S: U+0085 is \s


def odoo_processes(server_pid):
    """``{pid: (role, rss bytes)}`` of the server's processes (main, HTTP workers, gevent)."""
    try:
        main = psutil.Process(server_pid)
        processes = [main, *main.children(recursive=True)]
    except psutil.NoSuchProcess:
        return {}
    result = {}
    for proc in processes:
        try:
            # the gevent process is `odoo-bin gevent ...`; workers are forks of the main one
            role = "main" if proc.pid == server_pid else "gevent" if "gevent" in proc.cmdline() else "worker"
            result[proc.pid] = (role, proc.memory_info().rss)
        except psutil.NoSuchProcess:
            continue
    return result


def scan_log(path, offset, suite_dir):
    """Tracebacks written to the server log after ``offset``, as dicts: ``head`` (the
    ERROR line), ``error`` (the exception line), ``suite`` (a frame of the suite's code)
    and ``request`` (the access-log line the same worker wrote next: the request that
    caused it); and the ERROR lines."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        handle.seek(offset)
        lines = handle.read().split("\n")  # not splitlines(): logged URLs may hold U+0085 & co
    tracebacks, errors, current, last_line = [], [], None, None
    for line in lines:
        match = LOG_LINE.match(line)
        if match:
            pid, current = match.group(2), None
            if match.group(3) in ("ERROR", "CRITICAL"):
                errors.append(line)
            access = ACCESS.search(line)
            for tb in tracebacks if access else ():
                if tb["pid"] == pid and tb["request"] is None:
                    tb["request"] = access.group(1)
            last_line = line
        elif line.startswith(TRACEBACK) and last_line:
            current = {"head": last_line, "pid": LOG_LINE.match(last_line).group(2), "error": "",
                       "suite": False, "request": None}
            tracebacks.append(current)
        elif current is not None:
            current["suite"] = current["suite"] or suite_dir in line
            if line and not line.startswith((" ", "During handling", "The above exception")):
                current["error"] = line
    return tracebacks, errors


class Tally:
    """Counts answers; keeps the first few requests of each route that got a 500."""

    def __init__(self):
        self.counts = collections.Counter()
        self.samples = collections.defaultdict(list)
        self.total = 0

    def add(self, req, status, answer):
        self.total += 1
        self.counts[req["route"], status] += 1
        if status == 500 and len(self.samples[req["route"]]) < SAMPLES_PER_ROUTE:
            self.samples[req["route"]].append({**req, "body": req["body"][:4000], "answer": answer[:300].decode(
                "utf-8", "replace")})

    def server_errors(self, routes=None):
        """500 answers, of ``routes`` only if given."""
        return sum(count for (route, status), count in self.counts.items()
                   if status == 500 and (routes is None or route in routes))

    def table(self):
        statuses = sorted({status for _route, status in self.counts}, key=str)
        routes = sorted({route for route, _status in self.counts})
        width = max(len(route) for route in routes) if routes else 10
        lines = [f"{'route':<{width}} " + " ".join(f"{s!s:>6}" for s in statuses) + "  total"]
        for route in routes:
            row = [self.counts.get((route, s), 0) for s in statuses]
            lines.append(f"{route:<{width}} " + " ".join(f"{n or '.':>6}" for n in row) + f"  {sum(row):>5}")
        return "\n".join(lines)


def memory_lines(before, after):
    lines = []
    for title, snapshot in (("before", before), ("after", after)):
        total = sum(rss for _role, rss in snapshot.values())
        detail = ", ".join(f"{role} {pid}: {rss / 2**20:.0f} MB" for pid, (role, rss) in sorted(snapshot.items()))
        lines.append(f"  RSS {title}: {total / 2**20:.0f} MB in {len(snapshot)} processes ({detail})")
    gone = sorted(set(before) - set(after))
    if gone:
        lines.append(f"  processes replaced during the run (worker recycling or crash): {gone}")
    return lines


def write_samples(path, tally):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(tally.samples, handle, indent=1, ensure_ascii=True)


def route_of(request_line, patterns):
    """The route pattern (of ``patterns``: url -> compiled regex) a logged request hit."""
    path = (request_line or " ").split(" ", 1)[1].split("?", 1)[0]
    return next((url for url, regex in patterns.items() if regex.fullmatch(path)), None)


def route_patterns(routes):
    """url -> regex of the path (a ``<converter:name>`` matches any one segment)."""
    return {route["url"]: re.compile("[^/]*".join(re.escape(part) for part in re.split(r"<[^>]+>", route["url"])))
            for route in routes}
