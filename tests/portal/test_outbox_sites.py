"""Nothing leaves the database except through the outbox: no app code enqueues a task or sends an
e-mail directly (a new call site of that kind fails here, naming the file and line)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "concepts", "workgroups", "pilots", "analytics"]
DIRECT = re.compile(r"\.delay\(|\.apply_async\(|\bsend_task\(|\bsend_mail\(|\bsend_mass_mail\(|EmailMessage\(|"
                    r"EmailMultiAlternatives\(|\.s\(\)\.delay")
ALLOWED = {"portal/outbox.py"}  # the relay itself


def test_it_finds_no_direct_enqueue_or_send_outside_the_outbox():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in ALLOWED or "/migrations/" in relative:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if DIRECT.search(line) and not line.lstrip().startswith("#"):
                    found.append(f"{relative}:{number}: {line.strip()}")
    assert found == [], "enqueue with portal.outbox.enqueue / send with portal.mail.send_once:\n" + "\n".join(found)
