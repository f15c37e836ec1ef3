"""What the fuzz run saw: answers per route and status, the 500s with the requests that
caused them, tracebacks in the server log, and the memory of the Odoo processes."""

import collections
import json
import re

import psutil

SAMPLES_PER_ROUTE = 3
TRACEBACK = "Traceback (most recent call last)"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) ")


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


def scan_log(path, offset=0):
    """Tracebacks and ERROR lines written to the server log after ``offset``."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        handle.seek(offset)
        lines = handle.read().splitlines()
    tracebacks, errors = [], []
    for index, line in enumerate(lines):
        level = LOG_LINE.match(line)
        if level and level.group(1) in ("ERROR", "CRITICAL"):
            errors.append(line)
        if line.startswith(TRACEBACK):
            head = next((lines[back] for back in range(index - 1, -1, -1) if LOG_LINE.match(lines[back])), "")
            tail = next((lines[fwd] for fwd in range(index + 1, len(lines))
                         if lines[fwd] and not lines[fwd].startswith((" ", TRACEBACK))), "")
            tracebacks.append((head, tail))
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

    def server_errors(self):
        return sum(count for (_route, status), count in self.counts.items() if status == 500)

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
