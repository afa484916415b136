"""`loket backup` and `loket restore` (issue 7 item 6): round trips, tampered archives, non-empty targets."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from loket.core import backup

# One worker runs the module (`--dist loadgroup`): its module fixtures each migrate a fresh data dir in a subprocess,
# and every worker that got a share of the module built them again.
pytestmark = pytest.mark.xdist_group("backup")

LOKET = [sys.executable, "-m", "loket.cli"]

SEED = """
from loket.core import audit
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
for i in range(3):
    audit.record('test.backup', object_type='test', object_id=str(i), data={'i': i, 'teks': 'cadangan'})
audit.seal_pending()
audit.record('test.backup.pending', object_type='test', object_id='pending')
default_storage.save('uploads/2026/11/ktp.pdf', ContentFile(b'%PDF-1.4 ' + bytes(range(256)) * 40))
default_storage.save('uploads/2026/11/foto ktp.jpg', ContentFile(b'\\xff\\xd8 gambar'))
"""


def _env(**extra):
    # A fresh process as an operator would start it (same pattern as tests/test_settings_and_cli.py).
    dropped = {"DATABASE_URL", "LOKET_DATA_DIR", "LOKET_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "MEDIA_ROOT"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(extra)
    return env


def _loket(*args, env=None, ok=True):
    result = subprocess.run([*LOKET, *args], env=env or _env(), capture_output=True, text=True, timeout=120)
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def _media_checksums(media_root: Path) -> dict:
    return {
        p.relative_to(media_root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media_root.rglob("*"))
        if p.is_file()
    }


def _sqlite_counts(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table' order by name")]
        return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def _rewrite(archive: Path, dest: Path, change) -> None:
    """Copy an archive member by member, letting `change(name, data)` alter the bytes; the manifest stays as is."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(dest, "w:gz") as out:
        for info in src:
            data = change(info.name, src.extractfile(info).read())
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def _assert_untouched(data_dir: Path) -> None:
    leftovers = sorted(p.name for p in data_dir.iterdir()) if data_dir.exists() else []
    assert set(leftovers) <= {"secret_key", "static"}, leftovers


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("bk-src")
    _loket("manage", "migrate", "-v0", "--data-dir", str(data_dir))
    _loket("manage", "shell", "-c", SEED, "--data-dir", str(data_dir))
    archive = tmp_path_factory.mktemp("bk-out") / "loket.tar.gz"
    _loket("backup", "--data-dir", str(data_dir), "--output", str(archive))
    return data_dir, archive


def test_backup_archive_has_manifest_with_checksums_of_every_member(sqlite_source):
    data_dir, archive = sqlite_source
    manifest = backup.verify_archive(archive)
    assert manifest["vendor"] == "sqlite" and manifest["loket_version"] and manifest["created_at"]
    names = {m["name"] for m in manifest["members"]}
    assert names == {
        "database/loket.sqlite3",
        "secret_key",
        "media/uploads/2026/11/ktp.pdf",
        "media/uploads/2026/11/foto ktp.jpg",
    }
    with tarfile.open(archive, "r:gz") as tar:
        copy = tar.extractfile("database/loket.sqlite3").read()
        assert tar.getnames()[-1] == "manifest.json"
    assert copy.startswith(b"SQLite format 3\x00")
    # A self-contained copy (rollback journal, not WAL: header bytes 18-19 are 1 for legacy journaling).
    assert copy[18:20] == b"\x01\x01"
    assert not [p for p in archive.parent.iterdir() if p != archive], "temporary files left next to the archive"


def test_sqlite_round_trip_onto_fresh_dir(sqlite_source, tmp_path):
    source, archive = sqlite_source
    target = tmp_path / "restored"
    result = _loket("restore", "--data-dir", str(target), "--input", str(archive))
    assert "dipulihkan" in result.stdout
    assert _sqlite_counts(target / "loket.sqlite3") == _sqlite_counts(source / "loket.sqlite3")
    assert _sqlite_counts(target / "loket.sqlite3")["core_auditevent"] == 4
    originals = _media_checksums(source / "media")
    assert len(originals) == 2 and _media_checksums(target / "media") == originals
    assert (target / "secret_key").read_text() == (source / "secret_key").read_text()
    verified = _loket("audit", "verify", "--data-dir", str(target))
    assert "audit log OK: 4 sealed events verified" in verified.stdout

    again = _loket("restore", "--data-dir", str(target), "--input", str(archive), ok=False)
    assert again.returncode != 0 and "sudah berisi basis data Loket" in again.stderr


def test_restore_refuses_dir_with_media_and_writes_nothing(sqlite_source, tmp_path):
    _, archive = sqlite_source
    target = tmp_path / "busy"
    (target / "media").mkdir(parents=True)
    (target / "media" / "lama.txt").write_text("berkas lama")
    result = _loket("restore", "--data-dir", str(target), "--input", str(archive), ok=False)
    assert result.returncode != 0 and "Folder media tujuan tidak kosong" in result.stderr
    assert not (target / "loket.sqlite3").exists()
    assert [p.name for p in (target / "media").iterdir()] == ["lama.txt"]


@pytest.mark.parametrize("member", ["media/uploads/2026/11/ktp.pdf", "database/loket.sqlite3"])
def test_tampered_archive_is_refused_before_anything_is_written(sqlite_source, tmp_path, member):
    _, archive = sqlite_source
    tampered = tmp_path / "tampered.tar.gz"

    def flip(name, data):
        if name != member:
            return data
        return data[:100] + bytes([data[100] ^ 0x01]) + data[101:]

    _rewrite(archive, tampered, flip)
    target = tmp_path / "target"
    result = _loket("restore", "--data-dir", str(target), "--input", str(tampered), ok=False)
    assert result.returncode != 0
    assert "checksum berbeda: " + member in result.stderr
    _assert_untouched(target)


def test_truncated_archive_is_refused(sqlite_source, tmp_path):
    _, archive = sqlite_source
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(backup.BackupError, match="rusak atau terpotong"):
        backup.verify_archive(truncated)
    target = tmp_path / "target"
    result = _loket("restore", "--data-dir", str(target), "--input", str(truncated), ok=False)
    assert result.returncode != 0 and "terpotong" in result.stderr
    _assert_untouched(target)


@pytest.mark.parametrize("evil", ["../luar.txt", "/etc/loket.txt", "media/../../luar.txt", "lain/berkas.txt"])
def test_unsafe_member_paths_are_refused_even_when_listed_in_the_manifest(sqlite_source, tmp_path, evil):
    _, archive = sqlite_source
    crafted = tmp_path / "crafted.tar.gz"
    payload = b"bukan milik cadangan"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(crafted, "w:gz") as out:
        for info in src:
            data = src.extractfile(info).read()
            if info.name == "manifest.json":
                manifest = json.loads(data)
                manifest["members"].append(
                    {"name": evil, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
                )
                extra = tarfile.TarInfo(evil)
                extra.size = len(payload)
                out.addfile(extra, io.BytesIO(payload))
                data = json.dumps(manifest).encode()
                info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    with pytest.raises(backup.BackupError, match="tidak aman"):
        backup.verify_archive(crafted)
    target = tmp_path / "target"
    result = _loket("restore", "--data-dir", str(target), "--input", str(crafted), ok=False)
    assert result.returncode != 0 and "tidak aman" in result.stderr
    _assert_untouched(target)
    assert not (tmp_path / "luar.txt").exists()


def _pg(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _psql(url: str, *commands: str) -> str:
    args = ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url]
    for command in commands:
        args += ["-c", command]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def _pg_counts(url: str) -> dict:
    tables = _psql(url, "select tablename from pg_tables where schemaname = 'public' order by 1").split()
    counts = _psql(url, *[f'select count(*) from "{t}"' for t in tables]).split()
    return dict(zip(tables, map(int, counts)))


def test_postgresql_round_trip_into_empty_database(tmp_path):
    # Databases of this test's own on the run's server: <name>_bk (source) and <name>_bk_restore (target),
    # so neither the run's database nor the benchmarks' are touched.
    url = os.environ["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/") + "_bk"
    source_url, target_url = _pg(url, name), _pg(url, name + "_restore")
    admin = _pg(url, "postgres")
    for db in (name, name + "_restore"):
        _psql(admin, f'drop database if exists "{db}"', f'create database "{db}"')
    try:
        source_dir, target_dir = tmp_path / "src", tmp_path / "dst"
        _loket("manage", "migrate", "-v0", "--data-dir", str(source_dir), env=_env(DATABASE_URL=source_url))
        _loket("manage", "shell", "-c", SEED, "--data-dir", str(source_dir), env=_env(DATABASE_URL=source_url))
        archive = tmp_path / "pg.tar.gz"
        _loket("backup", "--data-dir", str(source_dir), "--output", str(archive), env=_env(DATABASE_URL=source_url))
        assert backup.verify_archive(archive)["vendor"] == "postgresql"

        # SQLite target for a PostgreSQL archive: refused.
        wrong = _loket("restore", "--data-dir", str(tmp_path / "sqlite"), "--input", str(archive), ok=False)
        assert wrong.returncode != 0 and "sedangkan tujuan memakai sqlite" in wrong.stderr

        _loket("restore", "--data-dir", str(target_dir), "--input", str(archive), env=_env(DATABASE_URL=target_url))
        counts = _pg_counts(target_url)
        assert counts == _pg_counts(source_url) and counts["core_auditevent"] == 4
        assert _media_checksums(target_dir / "media") == _media_checksums(source_dir / "media")
        verified = _loket("audit", "verify", "--data-dir", str(target_dir), env=_env(DATABASE_URL=target_url))
        assert "audit log OK: 4 sealed events verified" in verified.stdout

        again = _loket(
            "restore",
            "--data-dir",
            str(tmp_path / "other"),
            "--input",
            str(archive),
            env=_env(DATABASE_URL=target_url),
            ok=False,
        )
        assert again.returncode != 0 and "tidak kosong" in again.stderr
    finally:
        for db in (name, name + "_restore"):
            _psql(admin, f'drop database if exists "{db}" with (force)')


# ---------------------------------------------------------------- signing keys (issue 11, finding 1)

SIGN = """
from django.contrib.auth import get_user_model
from loket.org.models import Agency, Region
from loket.documents import services
region = Region.objects.create(code="32", name="Jawa Barat", level=Region.Level.PROVINCE)
agency = Agency.objects.create(region=region, slug="dpmptsp-jabar", name="DPMPTSP Jawa Barat", short_name="DPMPTSP")
users = get_user_model().objects
official = users.create_user(username="pejabat_ttd", email="pejabat@example.go.id", first_name="Asep")
warga = users.create_user(username="warga_uji", email="warga@example.go.id")
subject = services.Subject(
    type="test.letter", ref="1", label="Surat uji", agency=agency, holder=warga, holder_name="Imas Masitoh",
    title="Surat Keterangan Uji", body="Menerangkan bahwa Imas Masitoh adalah warga.", kind="keterangan",
)
document = services.issue_and_sign(subject=subject, signer=official, signer_title="Kepala Dinas",
                                   verify_second_factor=False)
with open(OUT, "wb") as out:
    out.write(document.file.read())
"""

CHECK = """
from loket.core.errors import LoketError
from loket.documents import queries
try:
    result = queries.check_upload(open(PDF, "rb").read())
    print("VERDICT", result.verdict, result.problems)
except LoketError as exc:
    print("REFUSED", exc.message)
"""


@pytest.fixture(scope="module")
def signed_source(tmp_path_factory):
    """A data dir with one signed document, its PDF as the citizen holds it, and a backup of it all."""
    data_dir = tmp_path_factory.mktemp("sig-src")
    pdf = tmp_path_factory.mktemp("sig-pdf") / "surat.pdf"
    _loket("manage", "migrate", "-v0", "--data-dir", str(data_dir))
    _loket("manage", "shell", "-c", f"OUT = {str(pdf)!r}\n" + SIGN, "--data-dir", str(data_dir))
    archive = tmp_path_factory.mktemp("sig-out") / "loket.tar.gz"
    _loket("backup", "--data-dir", str(data_dir), "--output", str(archive))
    return data_dir, pdf, archive


def _check(data_dir: Path, pdf: Path) -> str:
    return _loket("manage", "shell", "-c", f"PDF = {str(pdf)!r}\n" + CHECK, "--data-dir", str(data_dir)).stdout


def test_backup_keeps_signing_keys_encrypted_and_listed_in_the_manifest(signed_source):
    data_dir, _, archive = signed_source
    names = {m["name"] for m in backup.verify_archive(archive)["members"]}
    on_disk = {
        "signing/" + p.relative_to(data_dir / "signing").as_posix() for p in (data_dir / "signing").rglob("*.pem")
    }
    assert len(on_disk) == 6 and on_disk <= names  # root, issuing CA and the official: key + certificate each
    with tarfile.open(archive, "r:gz") as tar:
        for name in on_disk:
            data = tar.extractfile(name).read()
            assert data == (data_dir / name).read_bytes()  # as stored: never decrypted into the archive
            if name.endswith(".key.pem"):
                assert b"ENCRYPTED PRIVATE KEY" in data


def test_document_signed_before_backup_is_valid_after_restore(signed_source, tmp_path):
    _, pdf, archive = signed_source
    target = tmp_path / "restored"
    result = _loket("restore", "--data-dir", str(target), "--input", str(archive))
    # The keys opened with the archive's secret key; the operator is told the servers need the same one.
    assert "kunci rahasia dari arsip" in result.stderr and "Server web dan worker harus" in result.stderr
    assert "VERDICT valid []" in _check(target, pdf)


# ---------------------------------------------------------------- signing passphrase (issue 11, finding E)


@pytest.mark.parametrize(
    "wrong", [{"LOKET_SIGNING_PASSPHRASE": "bukan-frasa-asal"}, {"SECRET_KEY": "bukan-kunci-asal-" + "x" * 40}]
)
def test_restore_with_a_passphrase_that_does_not_open_the_keys_is_refused_and_writes_nothing(
    signed_source, tmp_path, wrong
):
    _, _, archive = signed_source
    target = tmp_path / "target"
    result = _loket("restore", "--data-dir", str(target), "--input", str(archive), env=_env(**wrong), ok=False)
    assert result.returncode != 0
    assert "tidak dapat dibuka" in result.stderr and "cannot be opened" in result.stderr
    assert "LOKET_SIGNING_PASSPHRASE" in result.stderr
    _assert_untouched(target)
    assert not (target / "media").exists() and not (target / "signing").exists()


@pytest.fixture(scope="module")
def passphrase_source(tmp_path_factory):
    """Like `signed_source`, with the keys encrypted under LOKET_SIGNING_PASSPHRASE instead of the secret key."""
    env = _env(LOKET_SIGNING_PASSPHRASE="frasa-sandi-asal-" + "p" * 30)
    data_dir = tmp_path_factory.mktemp("pp-src")
    pdf = tmp_path_factory.mktemp("pp-pdf") / "surat.pdf"
    _loket("manage", "migrate", "-v0", "--data-dir", str(data_dir), env=env)
    _loket("manage", "shell", "-c", f"OUT = {str(pdf)!r}\n" + SIGN, "--data-dir", str(data_dir), env=env)
    archive = tmp_path_factory.mktemp("pp-out") / "loket.tar.gz"
    _loket("backup", "--data-dir", str(data_dir), "--output", str(archive), env=env)
    return env, pdf, archive


def test_keys_under_a_passphrase_restore_only_with_that_passphrase(passphrase_source, tmp_path):
    env, pdf, archive = passphrase_source
    # The archive's secret key alone does not open them: refused, and the message names the setting.
    refused = _loket("restore", "--data-dir", str(tmp_path / "tanpa"), "--input", str(archive), ok=False)
    assert refused.returncode != 0 and "Atur LOKET_SIGNING_PASSPHRASE" in refused.stderr
    _assert_untouched(tmp_path / "tanpa")

    target = tmp_path / "dengan"
    result = _loket("restore", "--data-dir", str(target), "--input", str(archive), env=env)
    assert "frasa sandi yang berlaku (LOKET_SIGNING_PASSPHRASE)" in result.stderr
    checked = _loket("manage", "shell", "-c", f"PDF = {str(pdf)!r}\n" + CHECK, "--data-dir", str(target), env=env)
    assert "VERDICT valid []" in checked.stdout


def test_old_archive_without_keys_restores_with_warning_and_no_new_ca_is_minted(signed_source, tmp_path):
    _, pdf, archive = signed_source
    old = tmp_path / "old.tar.gz"
    # An archive as written before signing keys were backed up: no signing/ members, no "signing" entry.
    with tarfile.open(archive, "r:gz") as src, tarfile.open(old, "w:gz") as out:
        for info in src:
            if info.name.startswith("signing/"):
                continue
            data = src.extractfile(info).read()
            if info.name == "manifest.json":
                manifest = json.loads(data)
                manifest.pop("signing", None)
                manifest["members"] = [m for m in manifest["members"] if not m["name"].startswith("signing/")]
                data = json.dumps(manifest).encode()
                info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    target = tmp_path / "restored"
    result = _loket("restore", "--data-dir", str(target), "--input", str(old))
    assert "tidak memuat kunci tanda tangan" in result.stderr
    checked = _check(target, pdf)
    assert "REFUSED" in checked and "Pulihkan" in checked, checked
    assert not list((target / "signing").rglob("*.pem")) if (target / "signing").exists() else True


def test_restore_refuses_target_that_already_has_signing_keys(signed_source, tmp_path):
    _, _, archive = signed_source
    target = tmp_path / "busy"
    (target / "signing").mkdir(parents=True)
    (target / "signing" / "root.crt.pem").write_text("lama")
    result = _loket("restore", "--data-dir", str(target), "--input", str(archive), ok=False)
    assert result.returncode != 0 and "Folder kunci tanda tangan tujuan tidak kosong" in result.stderr
    assert not (target / "loket.sqlite3").exists()


# ---------------------------------------------------------------- file modes (issue 11, finding 11)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_data_dir_archive_and_keys_are_private(signed_source, tmp_path):
    data_dir, _, archive = signed_source
    assert _mode(archive) == 0o600
    assert _mode(data_dir) == 0o700
    for name in ("loket.sqlite3", "secret_key"):
        assert _mode(data_dir / name) == 0o600, name
    for path in [data_dir / "signing", data_dir / "media", *(data_dir / "signing").rglob("*")]:
        path_mode = _mode(path)
        if path.is_dir():
            assert path_mode == 0o700, path
        else:
            assert path_mode == 0o600, path
    for path in (data_dir / "media").rglob("*"):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path

    target = tmp_path / "restored"
    _loket("restore", "--data-dir", str(target), "--input", str(archive))
    for path in [target, target / "media", target / "signing"]:
        assert _mode(path) == 0o700, path
    for path in [target / "loket.sqlite3", target / "secret_key", *(target / "signing").rglob("*.pem")]:
        assert _mode(path) == 0o600, path


TOTP_SEED = """
from django.contrib.auth import get_user_model
from allauth.mfa.totp.internal.auth import TOTP
user = get_user_model().objects.create_user('pejabat', 'pejabat@example.go.id', 'rahasia-uji-123')
TOTP.activate(user, 'JBSWY3DPEHPK3PXP')
"""
TOTP_READ = """
from allauth.mfa.models import Authenticator
from loket.core import field_crypto
stored = Authenticator.objects.get(type='totp').data['secret']
print('encrypted' if field_crypto.is_encrypted(stored) else 'CLEAR', field_crypto.decrypt(stored))
"""


def test_the_key_of_secrets_at_rest_travels_with_the_backup(tmp_path):
    source, target, archive = tmp_path / "src", tmp_path / "dst", tmp_path / "loket.tar.gz"
    _loket("manage", "migrate", "-v0", "--data-dir", str(source))
    _loket("manage", "shell", "-c", TOTP_SEED, "--data-dir", str(source))
    assert (source / "field_key").is_file() and _mode(source / "field_key") == 0o600
    _loket("backup", "--data-dir", str(source), "--output", str(archive))
    assert "field_key" in {m["name"] for m in backup.verify_archive(archive)["members"]}
    _loket("restore", "--data-dir", str(target), "--input", str(archive))
    assert (target / "field_key").read_bytes() == (source / "field_key").read_bytes()
    read = _loket("manage", "shell", "-c", TOTP_READ, "--data-dir", str(target))
    assert read.stdout.split()[-2:] == ["encrypted", "JBSWY3DPEHPK3PXP"]
