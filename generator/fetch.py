"""Fetch the pinned schema set and verify it against the lock file.

The default source is the copy of the OCPP 1.6 schemas in the `ocpp` package on PyPI. The
schema text is the Open Charge Alliance's, so it is fetched, not committed. pip downloads the
wheel (checked against the wheel's SHA-256 in the lock), and every file copied out of it must
match its own SHA-256 in the lock.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import GenerationError, Problem


@dataclass(frozen=True)
class Lock:
    path: Path
    package: str
    version: str
    wheel_sha256: str
    directory: str
    files: dict[str, str]


def read_lock(path: Path) -> Lock:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        source = data["source"]
        return Lock(
            path, source["package"], source["version"], source["wheel_sha256"], source["directory"], dict(data["files"])
        )
    except OSError as error:
        raise GenerationError.single(path, "", f"cannot read the lock file: {error.strerror}") from None
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise GenerationError.single(path, "", f"not a schema lock file ({type(error).__name__}: {error})") from None


def fetch_schemas(lock_path: Path, out: Path) -> int:
    """Make `out` hold exactly the locked files, downloading them if needed; returns the file count."""
    lock = read_lock(lock_path)
    if not out.is_dir():
        _download(lock, out)
    verify_directory(lock, out)
    return len(lock.files)


def verify_directory(lock: Lock, directory: Path) -> None:
    """Every locked file present with its locked digest, and no other schema file."""
    problems = []
    for name, expected in sorted(lock.files.items()):
        path = directory / name
        if not path.is_file():
            problems.append(Problem(str(path), "", f"missing; {lock.path} lists it"))
        elif (actual := _sha256(path.read_bytes())) != expected:
            problems.append(Problem(str(path), "", f"SHA-256 {actual} does not match {expected} in {lock.path}"))
    for path in sorted(directory.glob("*.json")):
        if path.name not in lock.files:
            problems.append(Problem(str(path), "", f"not in {lock.path}"))
    if problems:
        problems.append(
            Problem(
                str(directory), "", "delete the directory to fetch the locked files again; correct schemas with errata"
            )
        )
        raise GenerationError(problems)


def _download(lock: Lock, out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        requirement = Path(work) / "requirement.txt"
        requirement.write_text(f"{lock.package}=={lock.version} --hash=sha256:{lock.wheel_sha256}\n")
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--require-hashes",
            "-r",
            str(requirement),
            "-d",
            work,
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise GenerationError.single(
                lock.path, "/source", f"pip could not download {lock.package}=={lock.version}:\n{result.stderr.strip()}"
            )
        wheel = next(Path(work).glob("*.whl"))
        staging = Path(work) / "schemas"
        staging.mkdir()
        with zipfile.ZipFile(wheel) as archive:
            for name in lock.files:
                member = f"{lock.directory}/{name}"
                try:
                    (staging / name).write_bytes(archive.read(member))
                except KeyError:
                    raise GenerationError.single(
                        lock.path, f"/files/{name}", f"{member} is not in {wheel.name}"
                    ) from None
        verify_directory(lock, staging)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, out)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
