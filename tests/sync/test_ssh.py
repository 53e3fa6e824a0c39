"""End to end as users of a shared server work: a local sshd on 127.0.0.1 (its own host key and
authorized_keys in tmp_path), the server's repository made by `verksam server init`, clones over
ssh://, `verksam sync` in each, and the hook judging the pushes as the SSH user."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.sync.conftest import MUNICIPALITY, PLAN, edit_text, item, verksam, write_seed

SSHD = "/usr/sbin/sshd"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sshd(tmp_path):
    if not Path(SSHD).exists() or not shutil.which("ssh") or not shutil.which("ssh-keygen"):
        pytest.skip("openssh-server is not installed (apt-get install openssh-server; .ci/run installs it)")
    d = tmp_path / "ssh"
    d.mkdir()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / "host_key")], check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / "user_key")], check=True)
    (d / "authorized_keys").write_text((d / "user_key.pub").read_text())
    for f in d.iterdir():
        f.chmod(0o600)
    port = _free_port()
    user = getpass.getuser()
    (d / "sshd_config").write_text(f"""\
Port {port}
ListenAddress 127.0.0.1
HostKey {d / 'host_key'}
AuthorizedKeysFile {d / 'authorized_keys'}
PidFile {d / 'sshd.pid'}
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers {user}
UsePAM no
""")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    check = subprocess.run([SSHD, "-t", "-f", str(d / "sshd_config")], capture_output=True, text=True)
    if check.returncode:
        pytest.skip(f"sshd cannot run here: {check.stderr.strip()}")
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(d / "sshd_config")], stdout=subprocess.DEVNULL,
                            stderr=open(d / "sshd.log", "w"))
    ssh = (f"ssh -i {d / 'user_key'} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no "
           f"-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR")
    try:
        for _ in range(200):  # until it listens (or it died)
            if proc.poll() is not None:
                pytest.fail(f"sshd stopped: {(d / 'sshd.log').read_text()}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield {"port": port, "user": user, "ssh": ssh}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_three_colleagues_sync_through_a_shared_server_over_ssh(sshd, tmp_path):
    user = sshd["user"]
    env = {"GIT_SSH_COMMAND": sshd["ssh"]}
    bare = tmp_path / "srv" / "kommun.git"
    assert verksam("server", "init", str(bare)).returncode == 0
    # the SSH user is a reporter for the Stab unit
    people = f'\n[[people]]\nid = "{user}"\nname = "Serverns användare"\nemails = ["{user}@kommun.example"]\n' \
             f'role = "rapportör"\nunits = ["stab"]\n'
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    write_seed(seed, MUNICIPALITY + people)
    git(seed, "add", "-A")
    git(seed, "-c", "user.name=C", "-c", "user.email=c@x", "commit", "-q", "-m", "Planerna")
    git(bare, "fetch", "-q", str(seed), "main:main")
    url = f"ssh://{user}@127.0.0.1:{sshd['port']}{bare}"
    clones = {}
    for name in ("anna", "bertil", "cecilia"):
        p = subprocess.run(["git", "clone", "-q", url, name], cwd=tmp_path, capture_output=True, text=True,
                           env=os.environ | env)
        assert p.returncode == 0, p.stderr
        clones[name] = tmp_path / name
        git(clones[name], "config", "user.name", name.title())
        git(clones[name], "config", "user.email", f"{name}@kommun.example")
        assert verksam("init", cwd=clones[name], env=env).returncode == 0
    anna, bertil, cecilia = clones["anna"], clones["bertil"], clones["cecilia"]
    # two edits of one Stab entry, different keys, at once
    edit_text(anna, 'status = "Påbörjad"', 'status = "Slutförd"', "klimatplan klar")
    edit_text(bertil, "end = 2025-12-31", "end = 2026-03-31", "klimatplan senare")
    for who in (anna, bertil, anna):
        p = verksam("sync", cwd=who, env=env)
        assert p.returncode == 0, p.stdout + p.stderr
    for who in (anna, bertil):
        assert item(who, "klimatplan")["status"] == "Slutförd"
        assert str(item(who, "klimatplan")["end"]) == "2026-03-31"
    # an entry of another unit: the server refuses, sync says so in Swedish, nothing is lost here
    edit_text(cecilia, 'responsible = "juridik"\nstatus = "Ej påbörjad"',
              'responsible = "juridik"\nstatus = "Påbörjad"', "trygghet")
    p = verksam("sync", cwd=cecilia, env=env)
    assert p.returncode == 1
    assert "Servern origin tog inte emot" in p.stderr and "'trygghet' hör till juridik" in p.stderr
    assert f"{PLAN}:" in p.stderr
    assert item(cecilia, "klimatplan")["status"] == "Slutförd"  # merged and committed here
    assert item(cecilia, "trygghet")["status"] == "Påbörjad"
    assert git(bare, "rev-parse", "main") == git(anna, "rev-parse", "HEAD")
