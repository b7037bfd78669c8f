"""Who may see what: users in a TOML file with hashed passwords, and three roles.

- analyst: the district's analysts, every street.
- street: a street/town federation's user, only that street's rows — on every page, in
  SQL and in downloads (enforced where the warehouse is opened: see scoping.py).
- clerk: uploads files and sees the files of their own 填报单位.

The users file is UNIONKPI_USERS, else UNIONKPI_HOME/users.toml. With no users file the
dashboard runs as one local analyst bound to 127.0.0.1; with one it never serves a page
before a login.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from orchestration.home import Home, current_home

ROLES = ("analyst", "street", "clerk")
ROLE_LABELS = {"analyst": "区总工会分析员", "street": "街道用户", "clerk": "填报员"}
_ALGORITHM = "pbkdf2_sha256"
_ITERATIONS = 200_000


@dataclass(frozen=True)
class User:
    username: str
    role: str
    display_name: str = ""
    street: str | None = None  # org_code, for the street role
    submitter: str | None = None  # 填报单位, for the clerk role
    password_hash: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.username

    @property
    def scope(self) -> "Scope":
        return Scope(self.role, self.street, self.submitter)


@dataclass(frozen=True)
class Scope:
    """What a user's queries may read; hashable, so it keys caches."""

    role: str
    street: str | None = None
    submitter: str | None = None

    @property
    def is_everything(self) -> bool:
        return self.role == "analyst"


LOCAL_ANALYST = User("local", "analyst", "本机分析员")


class UsersFileError(ValueError):
    pass


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, _ITERATIONS)
    encode = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"{_ALGORITHM}${_ITERATIONS}${encode(salt)}${encode(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algorithm != _ALGORITHM:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"),
                                    base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def users_file(home: Home | None = None) -> Path:
    configured = os.environ.get("UNIONKPI_USERS")
    return Path(configured) if configured else (home or current_home()).root / "users.toml"


def load_users(path: Path) -> dict[str, User]:
    """Users by name; a file with a mistake is refused whole (never half an access list)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsersFileError(f"用户文件 {path} 无法读取：{exc}") from None
    users = {username: _user_from_entry(username, entry)
             for username, entry in (data.get("users") or {}).items()}
    if not users:
        raise UsersFileError(f"用户文件 {path} 中没有用户")
    return users


def _user_from_entry(username: str, entry: dict) -> User:
    role = entry.get("role")
    if role not in ROLES:
        raise UsersFileError(f"用户 {username} 的角色 “{role}” 无效，应为 {'/'.join(ROLES)}")
    if role == "street" and not entry.get("street"):
        raise UsersFileError(f"街道用户 {username} 缺少 street（街道代码）")
    if role == "clerk" and not entry.get("submitter"):
        raise UsersFileError(f"填报员 {username} 缺少 submitter（填报单位）")
    if not entry.get("password_hash"):
        raise UsersFileError(f"用户 {username} 缺少 password_hash")
    return User(username, role, entry.get("name", ""), entry.get("street"),
                entry.get("submitter"), entry["password_hash"])


def authenticate(users: dict[str, User], username: str, password: str) -> User | None:
    user = users.get(username.strip())
    if user is None:
        verify_password(password, hash_password("timing"))  # same cost either way
        return None
    return user if verify_password(password, user.password_hash) else None


def add_user(path: Path, user: User, password: str) -> None:
    """Append or replace one user in the users file (TOML written by hand: stdlib has no
    TOML writer, and the format is flat). A user the file could not hold (a street user
    without a street) is refused before anything is written; the file is replaced
    whole, so it is never left half written."""
    existing = load_users(path) if path.exists() else {}
    entry = {"role": user.role, "name": user.display_name, "street": user.street,
             "submitter": user.submitter, "password_hash": hash_password(password)}
    existing[user.username] = _user_from_entry(user.username, entry)
    lines = ["# unionkpi users: roles analyst | street | clerk. Passwords are PBKDF2 hashes.", ""]
    for kept in existing.values():
        lines.append(f"[users.{_toml_string(kept.username)}]")
        for key, value in (("role", kept.role), ("name", kept.display_name),
                           ("street", kept.street), ("submitter", kept.submitter),
                           ("password_hash", kept.password_hash)):
            if value:
                lines.append(f"{key} = {_toml_string(value)}")
        lines.append("")
    text = "\n".join(lines)
    try:
        tomllib.loads(text)  # what is written must read back
        data = text.encode("utf-8")
    except (tomllib.TOMLDecodeError, UnicodeEncodeError):
        raise UsersFileError(f"用户 {user.username} 的信息含有无法保存的字符") from None
    _replace_whole(path, data)


def _replace_whole(path: Path, data: bytes) -> None:
    """Write the file aside, flush it, then rename it over the old one: never half
    written. The file it replaces keeps its permissions (it holds password hashes), and
    a symlink is followed to the file it names."""
    target = path.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o600)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
