"""Times `kith sync` beside vdirsyncer on the same work, against the same Radicale server.

    python3 Benchmarks/carddav_sync.py KITH [--contacts 10000] [--changes 100] [--runs 3]

KITH is a release build of the kith command (`swift build -c release --product kith`);
`radicale` and `vdirsyncer` must be on the PATH (`pip install radicale vdirsyncer`).

It writes CONTACTS cards into a new Radicale storage folder, starts Radicale on a free port,
and lists the collection once so that Radicale's own cache is warm for both tools. Then, RUNS
times each, taking turns:
  * first sync: a new Kith database (`kith sync setup`, not timed, then `kith sync`, timed)
    and a new vdirsyncer folder and status (`vdirsyncer discover`, not timed, then
    `vdirsyncer sync`, timed), each reading every card;
  * incremental sync: CHANGES cards changed on the server (a new phone number each, by
    PUT), then `kith sync` and `vdirsyncer sync`, each bringing its copy up to date.
It prints the medians as a Markdown table.
"""
import argparse
import base64
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

USER, PASSWORD = "bench", "bench-password"


def card(index, phone):
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"UID:bench-{index}\r\nFN:Person {index} Example\r\nN:Example;Person {index};;;\r\n"
        f"EMAIL;TYPE=INTERNET:person{index}@example.org\r\nTEL;TYPE=CELL:{phone}\r\n"
        f"ORG:Company {index % 97}\r\nTITLE:Engineer\r\nCATEGORIES:topic{index % 50},topic{index % 7}\r\n"
        "END:VCARD\r\n"
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(method, url, body=None, headers=None):
    sent = urllib.request.Request(url, data=body, method=method)
    sent.add_header("Authorization", "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
    for name, value in (headers or {}).items():
        sent.add_header(name, value)
    with urllib.request.urlopen(sent, timeout=600) as answer:
        return answer.read()


def timed(command, environment=None):
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {result.stderr.strip()}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kith")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    kith = os.path.abspath(options.kith)
    for program in ("radicale", "vdirsyncer"):
        if shutil.which(program) is None:
            sys.exit(f"{program} is not on the PATH (pip install radicale vdirsyncer)")

    root = tempfile.mkdtemp(prefix="kith-carddav-bench-")
    collection = os.path.join(root, "storage", "collection-root", USER, "contacts")
    os.makedirs(collection)
    with open(os.path.join(collection, ".Radicale.props"), "w") as file:
        json.dump({"tag": "VADDRESSBOOK", "D:displayname": "Contacts"}, file)
    for index in range(options.contacts):
        with open(os.path.join(collection, f"bench-{index}.vcf"), "w", newline="") as file:
            file.write(card(index, f"+1 555 {index:07d}"))
    with open(os.path.join(root, "users"), "w") as file:
        file.write(f"{USER}:{PASSWORD}\n")
    port = free_port()
    with open(os.path.join(root, "config"), "w") as file:
        file.write(
            f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\n"
            f"htpasswd_filename = {root}/users\nhtpasswd_encryption = plain\n"
            f"[storage]\nfilesystem_folder = {root}/storage\n[logging]\nlevel = error\n"
        )
    server = subprocess.Popen(["radicale", "--config", f"{root}/config"])
    book = f"http://127.0.0.1:{port}/{USER}/contacts/"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        # Warm Radicale's caches of ETags and cards, so that the tool that goes first does not pay for them.
        request("PROPFIND", book, b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>',
                {"Depth": "1", "Content-Type": "application/xml"})
        hrefs = "".join(f"<d:href>/{USER}/contacts/bench-{index}.vcf</d:href>" for index in range(options.contacts))
        request("REPORT", book, ('<?xml version="1.0"?><c:addressbook-multiget xmlns:d="DAV:" '
                                 'xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/>'
                                 f'</d:prop>{hrefs}</c:addressbook-multiget>').encode(),
                {"Content-Type": "application/xml"})
        # And its record of the collection's state for sync tokens, which it builds the first time a client asks.
        request("REPORT", book, b'<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:"><d:sync-token/>'
                b'<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>',
                {"Depth": "0", "Content-Type": "application/xml"})

        environment = dict(os.environ, KITH_CARDDAV_PASSWORD=PASSWORD)
        times = {"kith first": [], "vdirsyncer first": [], "kith incremental": [], "vdirsyncer incremental": []}
        for run in range(options.runs):
            work = os.path.join(root, f"run{run}")
            os.makedirs(os.path.join(work, "contacts"))
            database = os.path.join(work, "kith.sqlite")
            subprocess.run([kith, "sync", "setup", "--url", book, "--user", USER, "--db", database],
                           env=environment, check=True, capture_output=True)
            config = os.path.join(work, "vdirsyncer.conf")
            with open(config, "w") as file:
                file.write(
                    f'[general]\nstatus_path = "{work}/status/"\n\n'
                    '[pair contacts]\na = "server"\nb = "local"\ncollections = null\n'
                    'conflict_resolution = "a wins"\n\n'
                    f'[storage server]\ntype = "carddav"\nurl = "{book}"\nusername = "{USER}"\npassword = "{PASSWORD}"\n\n'
                    f'[storage local]\ntype = "filesystem"\npath = "{work}/contacts/"\nfileext = ".vcf"\n'
                )
            vdirsyncer = ["vdirsyncer", "-c", config]
            subprocess.run(vdirsyncer + ["discover"], check=True, capture_output=True, input="y\n", text=True)
            kith_sync = [kith, "sync", "--db", database]
            order = [("kith", kith_sync), ("vdirsyncer", vdirsyncer + ["sync"])]
            if run % 2:
                order.reverse()
            for name, command in order:
                times[f"{name} first"].append(timed(command, environment))
            for index in range(options.changes):
                changed = (run * options.changes + index) * 37 % options.contacts
                request("PUT", f"{book}bench-{changed}.vcf", card(changed, f"+1 555 9{run}{index:05d}").encode(),
                        {"Content-Type": "text/vcard"})
            for name, command in order:
                times[f"{name} incremental"].append(timed(command, environment))
            people = subprocess.run([kith, "person", "list", "--json", "--db", database], capture_output=True,
                                    text=True, check=True)
            count = len(json.loads(people.stdout)["people"])
            files = len(os.listdir(os.path.join(work, "contacts")))
            if count != options.contacts or files != options.contacts:
                sys.exit(f"run {run}: Kith holds {count} people and vdirsyncer {files} cards, not {options.contacts}")
        print(f"| work ({options.contacts:,} cards, {options.changes} changed) | Kith (s) | vdirsyncer (s) | Kith/vdirsyncer |")
        print("|---|---:|---:|---:|")
        for phase in ("first", "incremental"):
            kith_time = statistics.median(times[f"kith {phase}"])
            anchor = statistics.median(times[f"vdirsyncer {phase}"])
            print(f"| {phase} sync | {kith_time:.2f} | {anchor:.2f} | {kith_time / anchor:.2f} |")
        print(f"\nEach a median of {options.runs} runs; every run: " + json.dumps(
            {name: [round(value, 2) for value in values] for name, values in times.items()}))
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
