"""Back up and restore one Loket installation: database, media files and a manifest of checksums.

An archive is a gzip'd tar holding `database/loket.sqlite3` (a copy made with SQLite's backup API) or
`database/loket.pgdump` (`pg_dump -Fc`), every file under MEDIA_ROOT as `media/...`, the data dir's
`secret_key` when the key comes from there (it keys the application PIN hashes), the signing keys of
LOKET_SIGNING_DIR as `signing/...` (the CA and officials' keys, copied encrypted exactly as stored), and
the data dir's `field_key` (it encrypts the TOTP secrets at rest, loket.core.field_crypto) when the key comes
from a file, and `manifest.json` last, with the SHA-256 and size of every other member. Restore checks every member
against the manifest before it writes anything, and only ever writes onto an empty target; it also opens
one staged signing key with the passphrase that will be in effect, and refuses when it does not open.
"""

import contextlib
import datetime
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FORMAT = 1
MANIFEST = "manifest.json"
KEY_MEMBER = "secret_key"
FIELD_KEY_MEMBER = "field_key"
DB_MEMBERS = {"sqlite": "database/loket.sqlite3", "postgresql": "database/loket.pgdump"}
MEDIA_PREFIX = "media/"
SIGNING_PREFIX = "signing/"
PRIVATE_FILE = 0o600  # the archive, database and keys hold every citizen's data: owner only, from creation
PRIVATE_DIR = 0o700
CHUNK = 1 << 20
MAX_MANIFEST_BYTES = 64 << 20
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class BackupError(Exception):
    """A backup or restore that must stop; the message is for the operator (Indonesian)."""


@dataclass
class Target:
    """Where a backup comes from or a restore goes."""

    vendor: str  # "sqlite" or "postgresql"
    database: dict  # Django's DATABASES["default"]
    media_root: Path
    key_file: Path | None  # the data dir's secret key; None when SECRET_KEY comes from the environment
    signing_dir: Path | None = None  # the embedded CA's keys (LOKET_SIGNING_DIR)
    field_key_file: Path | None = None  # the key of secrets at rest; None when LOKET_FIELD_KEY is set


def target_from_settings() -> Target:
    from django.conf import settings
    from django.db import connections

    vendor = connections["default"].vendor  # known from the engine; does not connect
    key_file = None if os.environ.get("SECRET_KEY") else Path(settings.DATA_DIR) / "secret_key"
    # Same default as loket.documents.pki.signing_dir() (core may not import documents).
    signing = Path(getattr(settings, "LOKET_SIGNING_DIR", None) or Path(settings.DATA_DIR) / "signing").resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    field_key = None
    if not getattr(settings, "LOKET_FIELD_KEY", None):
        from loket.core.field_crypto import key_file as field_key_file

        field_key = field_key_file().resolve()
    return Target(vendor, dict(settings.DATABASES["default"]), media_root, key_file, signing, field_key)


# ---------------------------------------------------------------- backup


def create_backup(target: Target, output: Path) -> dict:
    """Write the archive to a temporary file next to `output`, then rename it; returns the manifest."""
    from loket import __version__

    if target.vendor not in DB_MEMBERS:
        raise BackupError(f"Jenis basis data '{target.vendor}' tidak didukung untuk cadangan.")
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{output.name}.", dir=output.parent) as staging_dir:
        staging = Path(staging_dir)
        files = [(DB_MEMBERS[target.vendor], _dump_database(target, staging))]
        if target.key_file is not None and target.key_file.is_file():
            files.append((KEY_MEMBER, target.key_file))
        if target.field_key_file is not None and target.field_key_file.is_file():
            files.append((FIELD_KEY_MEMBER, target.field_key_file))
        files.extend(_media_files(target.media_root))
        signing = _signing_files(target.signing_dir)
        files.extend(signing)
        partial = staging / "archive.tar.gz"  # same filesystem as output, so the rename is atomic
        members = []
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with open(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name, path in files:
                members.append(_add_file(tar, name, path))
            manifest = {
                "format": FORMAT,
                "loket_version": __version__,
                "vendor": target.vendor,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "signing": len(signing),  # absent in archives written before keys were backed up
                "members": members,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
        _fsync(partial)
        os.replace(partial, output)
        _fsync(output.parent)
    return manifest


def _dump_database(target: Target, staging: Path) -> Path:
    if target.vendor == "sqlite":
        source = Path(target.database["NAME"])
        if not source.is_file():
            raise BackupError(f"Basis data SQLite tidak ditemukan: {source}")
        dest = staging / "loket.sqlite3"
        src = sqlite3.connect(source, timeout=20)
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)  # a consistent snapshot even while the server writes (WAL)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal companion
        finally:
            dst.close()
            src.close()
        return dest
    dest = staging / "loket.pgdump"
    _run(["pg_dump", "-Fc", "-f", str(dest), "-d", str(target.database["NAME"])], target.database, "pg_dump")
    return dest


def _media_files(media_root: Path) -> list[tuple[str, Path]]:
    return _tree_files(media_root, MEDIA_PREFIX)


def _signing_files(signing_dir: Path | None) -> list[tuple[str, Path]]:
    """The CA's and officials' key and certificate files, as stored (private keys stay encrypted)."""
    if signing_dir is None:
        return []
    # Dot files are the lock and half-written temporaries, never keys.
    return [(name, path) for name, path in _tree_files(signing_dir, SIGNING_PREFIX) if not path.name.startswith(".")]


def _tree_files(root: Path, prefix: str) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_symlink() or not path.is_file():
                continue  # only regular files: a link could point anywhere on the machine
            found.append((prefix + path.relative_to(root).as_posix(), path))
    return found


class _HashingReader:
    def __init__(self, raw):
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict:
    """Add one file, hashing exactly the bytes written (a file changing meanwhile cannot desync the manifest)."""
    with open(path, "rb") as raw:
        size = os.fstat(raw.fileno()).st_size
        info = _tar_info(name, size)
        reader = _HashingReader(raw)
        tar.addfile(info, reader)
    return {"name": name, "size": size, "sha256": reader.digest.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    tar.addfile(_tar_info(name, len(data)), io.BytesIO(data))


def _tar_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(datetime.datetime.now().timestamp())
    return info


# ---------------------------------------------------------------- verify


def verify_archive(archive: Path) -> dict:
    """Read the whole archive and check every member against the manifest; writes nothing."""
    manifest, actual = None, {}
    with _read_errors():
        for info, stream in _members(archive):
            if info.name == MANIFEST:
                if manifest is not None:
                    raise BackupError("Arsip cadangan tidak sah: manifest.json muncul lebih dari sekali.")
                manifest = _parse_manifest(stream.read(MAX_MANIFEST_BYTES + 1))
            else:
                if info.name in actual:
                    raise BackupError(f"Arsip cadangan tidak sah: anggota ganda {info.name}.")
                actual[info.name] = (_sha256(stream), info.size)
    if manifest is None:
        raise BackupError("Arsip cadangan tidak sah atau terpotong: manifest.json tidak ada.")
    expected = {m["name"]: (m["sha256"], m["size"]) for m in manifest["members"]}
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(name for name in set(expected) & set(actual) if expected[name] != actual[name])
    if missing or extra or changed:
        details = "; ".join(
            filter(
                None,
                [
                    f"hilang: {', '.join(missing)}" if missing else "",
                    f"tidak tercantum di manifest: {', '.join(extra)}" if extra else "",
                    f"checksum berbeda: {', '.join(changed)}" if changed else "",
                ],
            )
        )
        raise BackupError(f"Arsip cadangan tidak cocok dengan manifest-nya (rusak atau diubah): {details}.")
    return manifest


def _members(archive: Path):
    """Yield (TarInfo, stream) for every member, refusing unsafe ones. Read inside `_read_errors()`."""
    if not archive.is_file():
        raise BackupError(f"Arsip cadangan tidak ditemukan: {archive}")
    with tarfile.open(archive, "r:gz") as tar:
        for info in tar:
            _check_name(info.name)
            if not info.isreg():
                raise BackupError(f"Arsip cadangan tidak sah: {info.name} bukan berkas biasa.")
            yield info, tar.extractfile(info)


@contextlib.contextmanager
def _read_errors():
    """Turn errors of reading a damaged archive (raised by the tar reader or by member streams) into BackupError."""
    try:
        yield
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(f"Arsip cadangan rusak atau terpotong: {exc}") from None


def _check_name(name: str) -> None:
    path = PurePosixPath(name)
    safe = (
        not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and str(path) == name
        and (
            name in (MANIFEST, KEY_MEMBER, FIELD_KEY_MEMBER, *DB_MEMBERS.values())
            or (name.startswith((MEDIA_PREFIX, SIGNING_PREFIX)) and len(path.parts) >= 2)
        )
    )
    if not safe:
        raise BackupError(f"Arsip cadangan tidak sah: jalur anggota tidak aman atau tidak dikenal: {name!r}.")


def _parse_manifest(data: bytes) -> dict:
    try:
        if len(data) > MAX_MANIFEST_BYTES:
            raise ValueError("too large")
        manifest = json.loads(data)
        assert manifest["format"] == FORMAT
        assert manifest["vendor"] in DB_MEMBERS
        for member in manifest["members"]:
            _check_name(member["name"])
            assert member["name"] not in (MANIFEST,)
            assert SHA256_RE.match(member["sha256"]) and isinstance(member["size"], int)
        names = [m["name"] for m in manifest["members"]]
        assert len(names) == len(set(names))
        assert [n for n in names if n.startswith("database/")] == [DB_MEMBERS[manifest["vendor"]]]
        signing = manifest.get("signing", 0)
        assert isinstance(signing, int) and signing == sum(n.startswith(SIGNING_PREFIX) for n in names)
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AssertionError):
        raise BackupError("Arsip cadangan tidak sah: manifest.json tidak dapat dibaca atau tidak lengkap.") from None
    return manifest


# ---------------------------------------------------------------- restore


def restore_backup(target: Target, archive: Path) -> tuple[dict, list[str]]:
    """Restore onto an empty target; returns the manifest and notes for the operator."""
    archive = Path(archive).resolve()
    manifest = verify_archive(archive)  # before anything is written
    if manifest["vendor"] != target.vendor:
        raise BackupError(
            f"Arsip ini berisi basis data {manifest['vendor']}, sedangkan tujuan memakai {target.vendor}. "
            "Pulihkan ke jenis basis data yang sama."
        )
    _require_empty(target)

    target.media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.media_root.name}.restore-", dir=target.media_root.parent))
    db_staged = (
        Path(target.database["NAME"]).with_name(Path(target.database["NAME"]).name + ".restore-tmp")
        if target.vendor == "sqlite"
        else staging / "loket.pgdump"
    )
    notes = []
    try:
        expected = {m["name"]: m["sha256"] for m in manifest["members"]}
        key = field_key = None
        media_staged = staging / "media"
        media_staged.mkdir(mode=PRIVATE_DIR)
        signing_staged = staging / "signing"
        # Second pass: write while hashing again, so an archive replaced after verification is still caught.
        with _read_errors():
            for info, stream in _members(archive):
                if info.name == MANIFEST:
                    continue
                if info.name == KEY_MEMBER:
                    key = stream.read()
                    digest = hashlib.sha256(key).hexdigest()
                elif info.name == FIELD_KEY_MEMBER:
                    field_key = stream.read()
                    digest = hashlib.sha256(field_key).hexdigest()
                else:
                    digest = _write(stream, _staged_path(info.name, db_staged, media_staged, signing_staged))
                if digest != expected.get(info.name):
                    raise BackupError(f"Arsip cadangan berubah selama pemulihan: {info.name}.")

        # Staged, nothing in the target yet: keys that will not open after the restore must not be placed.
        notes.extend(_check_signing_passphrase(target, signing_staged, key))
        _require_empty(target)
        if target.vendor == "sqlite":
            db_staged.parent.mkdir(parents=True, exist_ok=True)
            os.replace(db_staged, target.database["NAME"])
        else:
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    "-d",
                    str(target.database["NAME"]),
                    str(db_staged),
                ],
                target.database,
                "pg_restore",
            )
        if target.media_root.exists():
            target.media_root.rmdir()  # empty (checked above)
        os.replace(media_staged, target.media_root)
        _place_signing(target, signing_staged)
        notes.extend(_restore_key(target, key))
        notes.extend(_restore_field_key(target, field_key))
        notes.extend(_signing_notes(target, manifest))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if target.vendor == "sqlite":
            Path(db_staged).unlink(missing_ok=True)
    return manifest, notes


def _staged_path(name: str, db_staged: Path, media_staged: Path, signing_staged: Path) -> Path:
    if name.startswith("database/"):
        return db_staged
    if name.startswith(SIGNING_PREFIX):
        return signing_staged / name[len(SIGNING_PREFIX) :]
    return media_staged / name[len(MEDIA_PREFIX) :]


def _place_signing(target: Target, signing_staged: Path) -> None:
    if not signing_staged.is_dir() or target.signing_dir is None:
        return
    if target.signing_dir.exists():
        target.signing_dir.rmdir()  # empty (checked before)
    target.signing_dir.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    shutil.move(signing_staged, target.signing_dir)  # a rename on the same filesystem, else a copy


def _passphrase_in_effect(target: Target, key: bytes | None) -> tuple[str, str, str]:
    """The secret the restored installation derives key passphrases from, and where it comes from (id, en).

    As settings and pki will see it after the restore: LOKET_SIGNING_PASSPHRASE; else SECRET_KEY from the
    environment; else the data dir's key file, which the archive's `secret_key` replaces (`_restore_key`).
    """
    from django.conf import settings

    from loket.core.signing_secret import signing_secret

    if getattr(settings, "LOKET_SIGNING_PASSPHRASE", None):
        return signing_secret(), "LOKET_SIGNING_PASSPHRASE", "LOKET_SIGNING_PASSPHRASE"
    if target.key_file is None:
        return signing_secret(), "SECRET_KEY dari lingkungan", "SECRET_KEY from the environment"
    if key is not None:
        # settings reads the key file stripped
        secret = key.decode("utf-8", "replace").strip()
        return signing_secret(secret), "kunci rahasia dari arsip", "the archive's secret key"
    return signing_secret(), f"kunci rahasia di {target.key_file}", f"the secret key in {target.key_file}"


def _check_signing_passphrase(target: Target, signing_staged: Path, key: bytes | None) -> list[str]:
    """Open one staged signing key with the passphrase that will be in effect; refuse if it does not open.

    Restored keys that the server cannot decrypt would stop every signature and, worse, look like lost keys."""
    from cryptography.hazmat.primitives import serialization

    from loket.core.signing_secret import key_passphrase

    if target.signing_dir is None or not signing_staged.is_dir():
        return []
    keys = sorted(signing_staged.rglob("*.key.pem"))
    if not keys:
        return []
    sample = signing_staged / "root.key.pem" if (signing_staged / "root.key.pem").is_file() else keys[0]
    name = sample.relative_to(signing_staged).as_posix().removesuffix(".key.pem")
    secret, source_id, source_en = _passphrase_in_effect(target, key)
    try:
        serialization.load_pem_private_key(sample.read_bytes(), password=key_passphrase(name, secret))
    except (ValueError, TypeError):
        raise BackupError(
            f"Kunci tanda tangan dalam arsip ({SIGNING_PREFIX}{name}.key.pem) tidak dapat dibuka dengan frasa "
            f"sandi yang akan berlaku ({source_id}). Atur LOKET_SIGNING_PASSPHRASE (atau SECRET_KEY, bila "
            "instalasi asal tidak memakai LOKET_SIGNING_PASSPHRASE) sama dengan instalasi asal, lalu ulangi "
            "pemulihan. Tidak ada yang ditulis ke tujuan.\n"
            f"The signing keys in the archive ({SIGNING_PREFIX}{name}.key.pem) cannot be opened with the "
            f"passphrase that would be in effect ({source_en}). Set LOKET_SIGNING_PASSPHRASE (or SECRET_KEY, "
            "when the original installation did not use LOKET_SIGNING_PASSPHRASE) to the original "
            "installation's value and restore again. Nothing was written to the target."
        ) from None
    return [
        f"Kunci tanda tangan terbuka dengan frasa sandi yang berlaku ({source_id}). Server web dan worker harus "
        "berjalan dengan frasa sandi yang sama: LOKET_SIGNING_PASSPHRASE (atau SECRET_KEY) yang sama di keduanya.\n"
        f"The signing keys open with the passphrase in effect ({source_en}). The web server and the worker must "
        "run with the same passphrase: the same LOKET_SIGNING_PASSPHRASE (or SECRET_KEY) for both."
    ]


def _signing_notes(target: Target, manifest: dict) -> list[str]:
    if "signing" in manifest:
        return []
    return [
        "Arsip ini tidak memuat kunci tanda tangan (dibuat oleh versi Loket lama). Salin folder signing "
        f"instalasi asal ke {target.signing_dir} sebelum menandatangani atau memverifikasi dokumen: tanpa kunci "
        "itu dokumen yang sudah terbit tidak dapat diverifikasi, dan Loket menolak membuat CA baru."
    ]


def _require_empty(target: Target) -> None:
    if target.vendor == "sqlite":
        name = Path(target.database["NAME"])
        wal = name.with_name(name.name + "-wal")
        if (name.exists() and name.stat().st_size > 0) or wal.exists():
            raise BackupError(
                f"Tujuan sudah berisi basis data Loket ({name}). Pulihkan hanya ke folder data yang baru dan kosong."
            )
    else:
        if _pg_table_count(target.database) > 0:
            raise BackupError(
                f"Basis data tujuan '{target.database['NAME']}' tidak kosong. "
                "Pulihkan hanya ke basis data PostgreSQL yang baru dan kosong."
            )
    if target.media_root.exists() and any(target.media_root.iterdir()):
        raise BackupError(
            f"Folder media tujuan tidak kosong ({target.media_root}). "
            "Pulihkan hanya ke folder data yang baru dan kosong."
        )
    if target.signing_dir is not None and target.signing_dir.exists() and any(target.signing_dir.iterdir()):
        raise BackupError(
            f"Folder kunci tanda tangan tujuan tidak kosong ({target.signing_dir}). "
            "Pulihkan hanya ke folder data yang baru dan kosong, agar kunci yang ada tidak tertimpa."
        )


def _pg_table_count(database: dict) -> int:
    result = _run(
        [
            "psql",
            "-X",
            "-At",
            "-d",
            str(database["NAME"]),
            "-c",
            "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
        ],
        database,
        "psql",
    )
    return int(result.stdout.strip())


def _restore_key(target: Target, key: bytes | None) -> list[str]:
    if key is not None and target.key_file is not None:
        partial = target.key_file.with_name(target.key_file.name + ".restore-tmp")
        partial.unlink(missing_ok=True)
        _write(io.BytesIO(key), partial)
        os.replace(partial, target.key_file)
        return []
    if key is not None:
        return [
            "SECRET_KEY diatur dari lingkungan: pastikan sama dengan instalasi asal, "
            "agar PIN permohonan warga dan kunci tanda tangan tetap berlaku."
        ]
    return [
        "Arsip tidak memuat kunci rahasia: atur SECRET_KEY sama dengan instalasi asal, "
        "agar PIN permohonan warga tetap berlaku."
    ]


def _restore_field_key(target: Target, field_key: bytes | None) -> list[str]:
    if field_key is not None and target.field_key_file is not None:
        target.field_key_file.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        partial = target.field_key_file.with_name(target.field_key_file.name + ".restore-tmp")
        partial.unlink(missing_ok=True)
        _write(io.BytesIO(field_key), partial)
        os.replace(partial, target.field_key_file)  # the target's database is empty: its own key encrypts nothing
        return []
    if field_key is not None:
        return [
            "LOKET_FIELD_KEY diatur dari lingkungan: pastikan sama dengan kunci instalasi asal (berkas field_key di "
            "arsip), agar rahasia TOTP para pejabat tetap dapat dibuka."
        ]
    return []


# ---------------------------------------------------------------- helpers


def _write(stream, dest: Path) -> str:
    dest.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE), "wb") as out:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def _sha256(stream) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return _sha256(f)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pg_env(database: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[var] = str(database[key])
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(argv: list[str], database: dict, tool: str) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(argv, env=_pg_env(database), capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"Program {tool} tidak ditemukan; pasang klien PostgreSQL.") from None
    if result.returncode != 0:
        raise BackupError(f"{tool} gagal (kode {result.returncode}): {result.stderr.strip()}")
    return result
