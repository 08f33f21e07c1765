"""(The project's copy of the shared tools/fake_hf.py, reading tests/fixtures.)

A loopback stand-in for the Hugging Face Papers JSON API, for trying the app by hand.

Serves /api/daily_papers, /api/papers/search and /api/papers/{id} from real recorded
entries: by default every daily_papers__*.json in ../fixtures/hf_api (or a JSON list of
entries given as DATASET; an entry's listing day is its "_day" key, else
paper.submittedOnDailyAt). It is not the real API: see ../API.md and ../API2.md for what the
real one does.

Also /papers/{id}.md (full text): ../fixtures/papers_md/{id}.md or a file in --md-dir; for
another paper of the dataset, the short page text Hugging Face serves when arXiv has no HTML;
404 otherwise. And /api/papers/{id}?field=comments: the paper with its "comments" list (the
recorded comments of 2605.13301, an empty list for the others).

  python3 fake_hf.py [DATASET.json] --port 0 --portfile F [--log F] [--fault SPEC] [--md-dir D]

--fault: comma list of  status=CODE:N (first N requests answer CODE), slow=SECONDS,
         garbage (every response is malformed JSON), hang (never answer daily_papers).
Binds 127.0.0.1 only.
"""

import argparse
import json
import re
import sys
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

# The recorded data kept in tests/fixtures (copies of the shared fixtures), so that the tests
# and the fake Hub built on this need nothing outside the repository.
SHARED = __import__("pathlib").Path(__file__).resolve().parent
FIXTURES = SHARED / "fixtures" / "hf_api"
MD_DIRS = [SHARED / "fixtures" / "papers_md"]
COMMENTS = SHARED / "fixtures" / "api2_samples" / "paper_page_ssr_props__2605.13301__comments.json"


def full_text(pid, data):
    """The /papers/{id}.md body, or None for a paper Hugging Face does not know."""
    for d in MD_DIRS:
        f = d / (pid + ".md")
        if f.is_file():
            return f.read_bytes()
    detail = FIXTURES / ("papers__%s.json" % pid)
    entries = data + (
        [{"paper": json.load(open(detail, encoding="utf-8"))}] if detail.is_file() else []
    )
    for e in entries:
        if e["paper"]["id"] == pid:
            return (
                "Title: %s\n\nURL Source: https://huggingface.co/papers/%s\n\nMarkdown Content:\n"
                "%s\n\n%s\n"
                % (
                    e.get("title") or e["paper"].get("title", ""),
                    pid,
                    e.get("title") or e["paper"].get("title", ""),
                    e["paper"].get("summary") or "",
                )
            ).encode()
    return None


def comments_of(pid):
    if pid == "2605.13301" and COMMENTS.is_file():  # recorded from the paper's page
        return json.load(open(COMMENTS, encoding="utf-8")).get("comments", [])
    return []


def listing_day(e):
    day = (
        e.get("_day")
        or (e.get("paper") or {}).get("submittedOnDailyAt")
        or e.get("publishedAt")
        or ""
    )
    return day[:10]


def load(path):
    if path:
        data = json.load(open(path, encoding="utf-8"))
    else:
        data, seen = [], set()
        for f in sorted(FIXTURES.glob("daily_papers__*.json")):
            for e in json.load(open(f, encoding="utf-8")):
                key = (e["paper"]["id"], listing_day(e))
                if key not in seen:
                    seen.add(key)
                    data.append(e)
    by_day = {}
    for e in data:
        e["_day"] = listing_day(e)
        by_day.setdefault(e["_day"], []).append(e)
    return data, by_day


def public(e):
    return {k: v for k, v in e.items() if not k.startswith("_")}


class State:
    count = 0
    lock = threading.Lock()


def make_handler(data, by_day, faults, log):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def send_json(self, code, obj, raw=None, link=None):
            body = raw if raw is not None else json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if link:
                self.send_header("Link", link)
            if code == 429:
                self.send_header("Retry-After", "1")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            with State.lock:
                State.count += 1
                n = State.count
            u = urlparse(self.path)
            q = {k: v[-1] for k, v in parse_qs(u.query).items()}
            if log:
                with open(log, "a") as f:
                    f.write(
                        json.dumps(
                            {
                                "t": time.time(),
                                "path": u.path,
                                "q": q,
                                "ua": self.headers.get("User-Agent"),
                            }
                        )
                        + "\n"
                    )
            if "slow" in faults:
                time.sleep(float(faults["slow"]))
            if "status" in faults:
                code, upto = faults["status"]
                if n <= upto:
                    return self.send_json(code, {"error": "injected"})
            if "garbage" in faults:
                return self.send_json(200, None, raw=b'[{"paper": {"id": "2401.0')
            if u.path == "/api/daily_papers":
                if "hang" in faults:
                    time.sleep(3600)
                return self.daily(q)
            if u.path == "/api/papers/search":
                needle = q.get("q", "").lower()
                if len(needle) > 250:
                    return self.send_json(400, {"error": "q too long"})
                hits = [
                    public(e)
                    for e in data
                    if needle
                    and (
                        needle in e["title"].lower()
                        or needle in (e["paper"].get("summary") or "").lower()
                    )
                ]
                return self.send_json(200, hits[:120])
            m = re.fullmatch(r"/papers/([^/]+)\.md", u.path)
            if m:
                body = full_text(m.group(1), data)
                if body is None:
                    return self.send_json(404, {"error": "Paper not found"})
                self.send_response(200)
                self.send_header("Content-Type", "text/markdown; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            m = re.fullmatch(r"/api/papers/([^/]+)", u.path)
            if m:
                pid = m.group(1)
                detail = FIXTURES / ("papers__%s.json" % pid)
                paper = json.load(open(detail, encoding="utf-8")) if detail.is_file() else None
                for e in data:
                    if paper is None and e["paper"]["id"] == pid:
                        paper = dict(e["paper"])
                text = full_text(pid, data) if paper is None else None
                if text is not None:  # a full text with no recorded entry: its title alone
                    title = (
                        text.decode("utf-8", "replace").partition("\n")[0].removeprefix("Title: ")
                    )
                    paper = {"id": pid, "title": title, "authors": [], "upvotes": 0}
                if paper is None:
                    return self.send_json(404, {"error": "Paper not found"})
                if q.get("field") == "comments":
                    paper["comments"] = comments_of(pid)
                return self.send_json(200, paper)
            return self.send_json(404, {"error": "Not found"})

        def daily(self, q):
            try:
                limit = int(q.get("limit", 50))
                page = int(q.get("p", 0))
            except ValueError:
                return self.send_json(400, {"error": "bad limit/p"})
            if not 1 <= limit <= 100 or page < 0:
                return self.send_json(400, {"error": "limit must be between 1 and 100"})
            sort = q.get("sort", "publishedAt")
            if sort not in ("publishedAt", "trending"):
                return self.send_json(400, {"error": "Invalid sort"})
            if "date" in q:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", q["date"]):
                    return self.send_json(400, {"error": "Invalid date"})
                days = [q["date"]]
            elif "week" in q:
                m = re.fullmatch(r"(\d{4})-W(\d{2})", q["week"])
                if not m:
                    return self.send_json(400, {"error": "Invalid week"})
                start = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
                days = [(start + timedelta(i)).isoformat() for i in range(7)]
            elif "month" in q:
                days = [d for d in by_day if d.startswith(q["month"])]
            else:
                days = [max(by_day)] if by_day else []
            rows = [e for d in days for e in by_day.get(d, [])]
            # real API: dated/week/month batches come by upvotes; the latest feed newest first;
            # trending ignores the date filters and ranks everything
            if sort == "trending":
                rows = list(data)
            if sort == "trending" or any(k in q for k in ("date", "week", "month")):
                rows.sort(key=lambda e: -(e["paper"].get("upvotes") or 0))
            else:
                rows.sort(key=lambda e: str(e["paper"].get("submittedOnDailyAt")), reverse=True)
            more = len(rows) > (page + 1) * limit
            rows = rows[page * limit : (page + 1) * limit]
            link = None
            if more:
                nq = dict(q, p=str(page + 1))
                link = '<%s?%s>; rel="next"' % (
                    "/api/daily_papers",
                    "&".join("%s=%s" % kv for kv in nq.items()),
                )
            return self.send_json(200, [public(e) for e in rows], link=link)

    return H


def parse_faults(spec):
    out = {}
    for part in filter(None, (spec or "").split(",")):
        k, _, v = part.partition("=")
        if k == "status":
            code, _, upto = v.partition(":")
            out[k] = (int(code), int(upto or 10**9))
        else:
            out[k] = v or True
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset", nargs="?")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--portfile")
    ap.add_argument("--log")
    ap.add_argument("--fault")
    ap.add_argument("--md-dir", help="another folder of {id}.md full texts")
    a = ap.parse_args()
    if a.md_dir:
        MD_DIRS.insert(0, __import__("pathlib").Path(a.md_dir))
    data, by_day = load(a.dataset)
    srv = ThreadingHTTPServer(
        ("127.0.0.1", a.port), make_handler(data, by_day, parse_faults(a.fault), a.log)
    )
    if a.portfile:
        open(a.portfile, "w").write(str(srv.server_address[1]))
    print("fake HF API on 127.0.0.1:%d" % srv.server_address[1], file=sys.stderr, flush=True)
    srv.serve_forever()
