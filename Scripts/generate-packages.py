#!/usr/bin/env python3
"""Writes Sources/SimulatedShell/Packages/packages.json, the package data of layerlab's apt-get, apk
and pip, from the packages' own metadata, so that an install adds what it adds on real Docker.

- apt: Debian bookworm's records as this machine's apt sees them (it must be Debian bookworm with
  `apt-get update` done): versions, download and installed sizes, Depends/Pre-Depends/Recommends
  resolved against the packages of debian:bookworm-slim (the list docker-library/repo-info publishes
  for it, which is also what `debootstrap --variant=minbase bookworm` installs), and file lists read
  with `dpkg-deb` from the .deb files (downloaded into ~/.cache/layerlab-debs). Each closure is
  checked against `apt-get -s install` run on a dpkg status made of those packages.
- apk: Alpine 3.20 facts copied from docker-library/repo-info (`apk info` of images built on
  alpine 3.20 in Oct/Nov 2024) and aports' dependencies: the table APK below, with its sources.
- pip: PyPI's JSON API: the newest release of each package with a wheel for CPython 3.12 on
  manylinux x86_64, its requires_dist evaluated for that platform, the wheel's size, and the
  installed size (the wheel's files plus the .pyc files pip compiles, measured by compiling them).

Run it from the repository (it takes a few minutes), then Scripts/regenerate-embedded.
"""

import collections
import email.parser
import io
import json
import marshal
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
import zipfile

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

OUT = "Sources/SimulatedShell/Packages/packages.json"
DEB_CACHE = os.path.expanduser("~/.cache/layerlab-debs")

# debian:bookworm-slim's packages (docker-library/repo-info repos/debian/local/bookworm-slim.md);
# `debootstrap --variant=minbase bookworm` installs exactly these 88.
BOOKWORM_BASE = """adduser apt base-files base-passwd bash bsdutils coreutils dash debconf
debian-archive-keyring debianutils diffutils dpkg e2fsprogs findutils gcc-12-base gpgv grep gzip
hostname init-system-helpers libacl1 libapt-pkg6.0 libattr1 libaudit-common libaudit1 libblkid1
libbz2-1.0 libc-bin libc6 libcap-ng0 libcap2 libcom-err2 libcrypt1 libdb5.3 libdebconfclient0
libext2fs2 libffi8 libgcc-s1 libgcrypt20 libgmp10 libgnutls30 libgpg-error0 libhogweed6 libidn2-0
liblz4-1 liblzma5 libmd0 libmount1 libnettle8 libp11-kit0 libpam-modules libpam-modules-bin
libpam-runtime libpam0g libpcre2-8-0 libseccomp2 libselinux1 libsemanage-common libsemanage2
libsepol2 libsmartcols1 libss2 libstdc++6 libsystemd0 libtasn1-6 libtinfo6 libudev1 libunistring2
libuuid1 libxxhash0 libzstd1 logsave login mawk mount ncurses-base ncurses-bin passwd perl-base sed
sysvinit-utils tar tzdata usr-is-merged util-linux util-linux-extra zlib1g""".split()

# What Dockerfiles, tutorials and the course install with apt-get (grep Lessons/ Sandbox/ Tests/).
APT_WANTED = """curl ca-certificates wget git build-essential python3 python3-pip python3-venv vim nano
less procps iputils-ping net-tools unzip xz-utils gnupg openssl jq nginx netbase openssh-client
sudo libpq-dev postgresql-client tini gosu htop iproute2 file sqlite3""".split()

# Files that maintainer scripts write, which no .deb lists: ca-certificates' bundle is its
# certificates concatenated (measured in a real bookworm-slim container: 222073 bytes, the sum of
# the .crt files it ships).
GENERATED = {"ca-certificates": [("/etc/ssl/certs/ca-certificates.crt", "crt-sum")]}

# /var/cache/debconf/templates.dat of debian:bookworm-slim, which dpkg rewrites (and keeps as
# templates.dat-old) when a package brings debconf templates: measured in a real container.
DEBCONF_TEMPLATES = 753157

PIP_WANTED = """flask requests redis gunicorn django numpy pandas fastapi uvicorn pytest
psycopg2-binary sqlalchemy pydantic""".split()

# Alpine 3.20 (main), from `apk info` in docker-library/repo-info: mediawiki:1.39.10-fpm-alpine and
# wordpress:beta-6.7-RC3-fpm-alpine (both FROM alpine:3.20, 2024); dependencies from aports' APKBUILDs
# (depends= plus the so: libraries they link) at 3.20-stable. name: (version, installed KiB, depends,
# programs). The alpine:3.20 base set is APK_BASE.
APK = {
    "alpine-baselayout": ("3.6.5-r0", 308, [], []),
    "alpine-baselayout-data": ("3.6.5-r0", 76, [], []),
    "alpine-keys": ("2.4-r1", 156, [], []),
    "apk-tools": ("2.14.4-r0", 296, [], ["/sbin/apk"]),
    "busybox": ("1.36.1-r29", 908, [], ["/bin/busybox"]),
    "busybox-binsh": ("1.36.1-r29", 8, ["busybox"], []),
    "ca-certificates-bundle": ("20240705-r0", 236, [], []),
    "libcrypto3": ("3.3.2-r1", 4660, [], []),
    "libssl3": ("3.3.2-r1", 796, ["libcrypto3"], []),
    "musl": ("1.2.5-r0", 652, [], []),
    "musl-utils": ("1.2.5-r0", 128, ["musl"], []),
    "scanelf": ("1.3.7-r2", 80, [], []),
    "ssl_client": ("1.36.1-r29", 28, ["libssl3"], []),
    "zlib": ("1.3.1-r1", 108, [], []),
    "ca-certificates": ("20240705-r0", 712, ["libcrypto3"], ["/usr/sbin/update-ca-certificates"]),
    "curl": ("8.11.0-r2", 256, ["ca-certificates", "libcurl"], ["/usr/bin/curl"]),
    "libcurl": ("8.11.0-r2", 636, ["brotli-libs", "c-ares", "libidn2", "libpsl", "libssl3", "nghttp2-libs", "zlib", "zstd-libs"], []),
    "brotli-libs": ("1.1.0-r2", 932, [], []),
    "c-ares": ("1.33.1-r0", 168, [], []),
    "libidn2": ("2.3.7-r0", 208, ["libunistring"], []),
    "libunistring": ("1.2-r0", 1692, [], []),
    "libpsl": ("0.21.5-r1", 88, ["libidn2", "libunistring"], []),
    "nghttp2-libs": ("1.62.1-r0", 152, [], []),
    "zstd-libs": ("1.5.6-r0", 716, [], []),
    "git": ("2.45.2-r0", 6468, ["git-init-template", "libcurl", "libexpat", "pcre2", "zlib"], ["/usr/bin/git"]),
    "git-init-template": ("2.45.2-r0", 96, [], []),
    "libexpat": ("2.6.4-r0", 144, [], []),
    "pcre2": ("10.43-r0", 708, [], []),
    "bash": ("5.2.26-r0", 1364, ["busybox-binsh", "readline", "libncursesw"], ["/bin/bash"]),
    "readline": ("8.2.10-r0", 300, ["libncursesw"], []),
    "libncursesw": ("6.4_p20240420-r2", 344, ["ncurses-terminfo-base"], []),
    "ncurses-terminfo-base": ("6.4_p20240420-r2", 212, [], []),
    "libpanelw": ("6.4_p20240420-r2", 32, ["libncursesw"], []),
    "openssl": ("3.3.2-r1", 784, ["libcrypto3", "libssl3"], ["/usr/bin/openssl"]),
    "tar": ("1.35-r2", 428, ["libacl"], ["/usr/bin/tar"]),
    "libacl": ("2.3.2-r0", 44, [], []),
    "xz": ("5.6.2-r0", 184, ["xz-libs"], ["/usr/bin/xz"]),
    "xz-libs": ("5.6.2-r0", 236, [], []),
    "libbz2": ("1.0.8-r6", 88, [], []),
    "libffi": ("3.4.6-r0", 52, [], []),
    "gdbm": ("1.23-r1", 84, [], []),
    "mpdecimal": ("4.0.0-r0", 204, [], []),
    "sqlite-libs": ("3.45.3-r1", 1428, [], []),
    "python3": ("3.12.7-r0", 24 * 1024, ["libbz2", "libexpat", "libffi", "gdbm", "xz-libs", "libncursesw", "libpanelw", "mpdecimal", "readline", "sqlite-libs"], ["/usr/bin/python3"]),
    "libgcc": ("13.2.1_git20240309-r0", 152, [], []),
    "libstdc++": ("13.2.1_git20240309-r0", 2652, ["libgcc"], []),
}
APK_BASE = """alpine-baselayout alpine-baselayout-data alpine-keys apk-tools busybox busybox-binsh
ca-certificates-bundle libcrypto3 libssl3 musl musl-utils scanelf ssl_client zlib""".split()

SLIM_DOC = re.compile(r"^/usr/share/(doc|man|groff|info|linda|lintian/overrides|locale)/")
PROGRAM_DIRS = ("/usr/bin/", "/usr/sbin/", "/usr/games/")
LIBRARY = re.compile(r"^/usr/lib/(x86_64-linux-gnu/)?[^/]+\.so(\.[0-9.]+)?$")
MAX_GROUPS = 10


def run(command, **options):
    return subprocess.run(command, check=True, capture_output=True, text=True, **options).stdout


def merged_usr(path):
    """bookworm's images have merged /usr: /bin is /usr/bin, and so on."""
    for old in ("/bin/", "/sbin/", "/lib/", "/lib64/"):
        if path.startswith(old):
            return "/usr" + path
    return path


def stanza(text):
    fields, key = {}, None
    for line in text.split("\n"):
        if line.startswith((" ", "\t")) and key:
            fields[key] += "\n" + line
        elif ":" in line:
            key, value = line.split(":", 1)
            fields[key] = value.strip()
    return fields


RECORDS = {}


def apt_show(*names):
    """The candidate records, asked of apt-cache in one go and kept; the first name's."""
    missing = [name for name in names if name not in RECORDS]
    if missing:
        for text in run(["apt-cache", "show", "--no-all-versions", *missing]).strip().split("\n\n"):
            fields = stanza(text)
            RECORDS.setdefault(fields["Package"], fields)
    return RECORDS[names[0]]


def relation(field):
    """A Depends-style field as groups of alternative names (versions and :any dropped)."""
    groups = []
    for group in filter(None, (part.strip() for part in field.split(","))):
        groups.append([re.sub(r"\s*\(.*?\)|:\w+|\s*\[.*?\]", "", alt).strip() for alt in group.split("|")])
    return groups


def write_status(names, path):
    keep = ("Package", "Version", "Architecture", "Multi-Arch", "Priority", "Section", "Essential",
            "Installed-Size", "Maintainer", "Source", "Depends", "Pre-Depends", "Provides", "Breaks",
            "Conflicts", "Replaces", "Recommends", "Protected")
    stanzas = []
    apt_show(*names)
    for name in names:
        fields = apt_show(name)
        lines = [f"Package: {name}", "Status: install ok installed"]
        lines += [f"{key}: {fields[key]}" for key in keep[1:] if key in fields]
        stanzas.append("\n".join(lines))
    with open(path, "w") as file:
        file.write("\n\n".join(stanzas) + "\n\n")


def apt_simulate(names, status, recommends):
    # A cache of its own, built once for this status instead of at every call.
    command = ["apt-get", "-s", "-o", f"Dir::State::status={status}", "-o", f"Dir::Cache::pkgcache={status}.bin",
               "-o", "Dir::Cache::srcpkgcache=", "install"]
    command += [] if recommends else ["--no-install-recommends"]
    result = subprocess.run(command + names, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"apt-get -s install {names}: {result.stderr}")
    return [line.split()[1] for line in result.stdout.splitlines() if line.startswith("Inst ")]


def origins(records):
    """The `Get:` line's archive and suite for each candidate, as apt prints it (one apt-cache call)."""
    found, name = {}, None
    lines = run(["apt-cache", "policy", *records]).splitlines()
    for index, line in enumerate(lines):
        if not line.startswith(" ") and line.endswith(":"):
            name = line[:-1]
        elif name in records and name not in found and line.strip().lstrip("*").split()[:1] == [records[name]["Version"]]:
            source = lines[index + 1].split()
            found[name] = f"{source[1]} {source[2]}"
    return found


def deb_path(name, fields):
    """Where `apt-get download` puts it: the epoch's colon written %3a."""
    version = fields["Version"].replace(":", "%3a")
    return os.path.join(DEB_CACHE, f"{name}_{version}_{fields['Architecture']}.deb")


def download(records):
    os.makedirs(DEB_CACHE, exist_ok=True)
    missing = [f"{name}={fields['Version']}" for name, fields in records.items() if not os.path.exists(deb_path(name, fields))]
    if missing:
        run(["apt-get", "download", *missing], cwd=DEB_CACHE)


def deb_contents(name, fields):
    path = deb_path(name, fields)
    entries = []
    for line in run(["dpkg-deb", "-c", path]).splitlines():
        parts = line.split(None, 5)
        kind, size, rest = parts[0][0], int(parts[2]), parts[5]
        target = None
        if kind == "l":
            rest, target = rest.split(" -> ", 1)
        entries.append((kind, merged_usr(rest[1:].rstrip("/") or "/"), size, parts[0], target))
    control = run(["dpkg-deb", "--ctrl-tarfile", path], encoding="latin-1")
    members = run(["tar", "-tv"], input=control, encoding="latin-1").splitlines()
    info = {line.split()[-1].lstrip("./"): int(line.split()[2]) for line in members if line.startswith("-")}
    return entries, info


def describe_files(name, entries):
    """Programs, libraries, /etc and copyright files by name; the rest as folders of sizes."""
    files, links, rest = [], [], collections.defaultdict(lambda: [0, 0])
    for kind, path, size, mode, target in entries:
        if kind == "l" and (path.startswith(PROGRAM_DIRS) or LIBRARY.match(path)):
            links.append([path, target])
        elif kind == "-":
            named = path.startswith(PROGRAM_DIRS) or LIBRARY.match(path) or path.startswith("/etc/") \
                or path.endswith("/copyright")
            if named and len(files) < 80:
                executable = "x" in mode[1:4]
                files.append([path, size] + ([1] if executable else []))
            else:
                folder = rest[os.path.dirname(path)]
                folder[0] += 1
                folder[1] += size
    # Few folders per package: fold the deepest ones into their parents, keeping docs apart so
    # that a slim image's path-exclude can still drop them.
    while len(rest) > MAX_GROUPS:
        deepest = max((folder for folder in rest if folder.count("/") > 2), key=lambda f: f.count("/"), default=None)
        if deepest is None:
            break
        parent = os.path.dirname(deepest)
        count, size = rest.pop(deepest)
        rest[parent][0] += count
        rest[parent][1] += size
    groups = [[folder, count, size] for folder, (count, size) in sorted(rest.items())]
    return files, links[:40], groups


def apt_data():
    status = tempfile.NamedTemporaryFile(suffix="-status", delete=False).name
    write_status(BOOKWORM_BASE, status)
    base = set(BOOKWORM_BASE)
    base_provides = {}
    for name in BOOKWORM_BASE:
        for group in relation(apt_show(name).get("Provides", "")):
            base_provides.setdefault(group[0], name)

    closures = {}
    for wanted in APT_WANTED:
        for recommends in (False, True):
            closures[(wanted, recommends)] = apt_simulate([wanted], status, recommends)
            print(f"apt-get -s install {wanted} (recommends={recommends}): {len(closures[(wanted, recommends)])} packages", file=sys.stderr)
    described = sorted({name for names in closures.values() for name in names})
    apt_show(*described)
    records = {name: apt_show(name) for name in described}
    provided = {}
    for name, fields in records.items():
        for group in relation(fields.get("Provides", "")):
            provided.setdefault(group[0], name)

    def concrete(group):
        for alternative in group:
            if alternative in base:
                return alternative
            if alternative in base_provides:
                return base_provides[alternative]
        for alternative in group:
            if alternative in records:
                return alternative
            if alternative in provided:
                return provided[alternative]
        return None

    download(records)
    where = origins(records)
    packages = {}
    for name in described:
        fields = records[name]
        depends = relation(fields.get("Pre-Depends", "")) + relation(fields.get("Depends", ""))
        chosen = [concrete(group) for group in depends]
        depends = sorted({d for d in chosen if d and d not in base})
        recommends = sorted({d for d in (concrete(g) for g in relation(fields.get("Recommends", ""))) if d and d not in base and d in records})
        entries, info = deb_contents(name, fields)
        files, links, groups = describe_files(name, entries)
        listed = sum(len(path) + 1 for _, path, _, _, _ in entries)
        package = {
            "v": fields["Version"],
            "a": fields["Architecture"],
            "o": where[name],
            "s": int(fields["Size"]),
            "i": int(fields.get("Installed-Size", "0")),
            # dpkg's database: the control members in /var/lib/dpkg/info plus the .list of paths.
            "db": sum(size for member, size in info.items() if member != "control") + listed,
        }
        for key, value in (("d", depends), ("r", recommends), ("f", files), ("l", links), ("g", groups)):
            if value:
                package[key] = value
        if fields.get("Multi-Arch") == "same":
            package["m"] = 1
        if "templates" in info:
            package["t"] = info["templates"]
        if name in GENERATED:
            crt = sum(size for kind, path, size, _, _ in entries if kind == "-" and path.endswith(".crt"))
            package["gen"] = [[path, crt] for path, _ in GENERATED[name]]
        packages[name] = package

    # The same resolution layerlab does, checked against apt's own.
    for (wanted, recommends), expected in closures.items():
        order, seen = [], set(base)

        def visit(name):
            if name in seen:
                return
            seen.add(name)
            for dependency in packages[name].get("d", []) + (packages[name].get("r", []) if recommends else []):
                visit(dependency)
            order.append(name)

        visit(wanted)
        if set(order) != set(expected):
            print(f"apt {wanted} (recommends={recommends}): layerlab {sorted(set(order) - set(expected))} extra, "
                  f"{sorted(set(expected) - set(order))} missing", file=sys.stderr)
    os.unlink(status)
    if os.path.exists(status + ".bin"):
        os.unlink(status + ".bin")
    return packages


def apt_lists():
    """What `apt-get update` leaves in /var/lib/apt/lists, with this machine's sizes, and what it fetches."""
    folder = "/var/lib/apt/lists"
    lists = [[name, os.path.getsize(os.path.join(folder, name))] for name in sorted(os.listdir(folder))
             if name.startswith("deb.debian.org_") and ("InRelease" in name or "Packages" in name)]
    fetched = []
    for name, size in lists:
        if name.endswith("InRelease"):
            text = open(os.path.join(folder, name), encoding="utf-8", errors="replace").read()
            xz = re.findall(r"^ [0-9a-f]{64}\s+(\d+) main/binary-amd64/Packages\.xz$", text, re.M)
            fetched.append([name, size, int(xz[0]) if xz else 0])
    return lists, fetched


def apk_data():
    return {"base": APK_BASE, "packages": {name: {"v": v, "i": kib, **({"d": d} if d else {}), **({"b": b} if b else {})}
                                           for name, (v, kib, d, b) in APK.items()}}


def pypi(name, version=None):
    url = f"https://pypi.org/pypi/{name}/json" if version is None else f"https://pypi.org/pypi/{name}/{version}/json"
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def wheel_for(files):
    def fits(filename):
        tags = filename[:-4].split("-")[-3:]
        python, abi, platform = tags
        return (python in ("py3", "py2.py3") and platform == "any") or (
            ("cp312" in python or abi == "abi3") and "manylinux" in platform and "x86_64" in platform)
    candidates = [f for f in files if f["filename"].endswith(".whl") and fits(f["filename"])]
    return min(candidates, key=lambda f: len(f["filename"])) if candidates else None


def pyc_size(source, path):
    code = compile(source, path, "exec", dont_inherit=True)
    return 16 + len(marshal.dumps(code))


ENVIRONMENT = {"python_version": "3.12", "python_full_version": "3.12.7", "sys_platform": "linux",
               "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
               "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}


def pip_data():
    packages, queue = {}, [(name, SpecifierSet()) for name in PIP_WANTED]
    while queue:
        name, specifier = queue.pop(0)
        key = canonicalize_name(name)
        if key in packages:
            continue
        latest = pypi(key)
        versions = sorted((Version(v) for v, files in latest["releases"].items()
                           if files and not Version(v).is_prerelease and Version(v) in specifier and wheel_for(files)), reverse=True)
        if not versions:
            sys.exit(f"pip {key}: no release fits {specifier} with a wheel for CPython 3.12 on linux/amd64")
        # The release's own files from the project's page; its name, version and requirements from the
        # wheel's METADATA (a mirror need not serve each release's JSON).
        version = next(v for v, files in latest["releases"].items() if files and Version(v) == versions[0])
        wheel = wheel_for(latest["releases"][version])
        # A mirror may give the file's address relative to its own root (`../../packages/…`).
        url = wheel["url"] if "://" in wheel["url"] else "https://pypi.org/" + re.sub(r"^(\.\./)+", "", wheel["url"])
        with urllib.request.urlopen(url, timeout=300) as response:
            data = response.read()
        try:
            with urllib.request.urlopen(url + ".metadata", timeout=60) as response:
                metadata = len(response.read())
        except OSError:
            metadata = 0
        archive = zipfile.ZipFile(io.BytesIO(data))
        metadata_name = next(n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        fields = email.parser.HeaderParser().parsestr(archive.read(metadata_name).decode("utf-8", "replace"))
        release = {"info": {"name": fields["Name"], "version": fields["Version"], "requires_dist": fields.get_all("Requires-Dist") or []}}
        folders, scripts = collections.Counter(), []
        sizes = collections.Counter()
        for item in archive.infolist():
            if item.is_dir():
                continue
            top = item.filename.split("/")[0]
            size = item.file_size
            if item.filename.endswith(".py"):
                try:
                    size += pyc_size(archive.read(item), item.filename)
                except (SyntaxError, ValueError):
                    pass
            folders[top] += 1
            sizes[top] += size
            if item.filename.endswith(".dist-info/entry_points.txt"):
                text = archive.read(item).decode()
                section = re.search(r"\[console_scripts\]\n((?:[^\[\n].*\n?)*)", text)
                if section:
                    scripts += [line.split("=")[0].strip() for line in section.group(1).splitlines() if "=" in line]
        requires = []
        for text in release["info"].get("requires_dist") or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate(ENVIRONMENT):
                continue
            requires.append(str(requirement).split(";")[0].strip())
            queue.append((requirement.name, requirement.specifier))
        packages[key] = {
            "n": release["info"]["name"], "v": release["info"]["version"], "w": wheel["filename"],
            "s": wheel["size"], "m": metadata,
            "g": [[folder, folders[folder], sizes[folder]] for folder in sorted(folders)],
            **({"d": requires} if requires else {}), **({"b": sorted(set(scripts))} if scripts else {}),
        }
        print(f"pip {key} {release['info']['version']}", file=sys.stderr)
    return packages


def main():
    if not os.path.exists("Sources/SimulatedShell/Packages"):
        sys.exit("run from the repository's top folder")
    lists, fetched = apt_lists()
    old = json.load(open(OUT))
    data = {
        "formatVersion": 2,
        "apt": {"base": {name: apt_show(name)["Version"] for name in BOOKWORM_BASE}, "lists": lists, "fetched": fetched, "packages": apt_data(),
                "libcBin": apt_show("libc-bin")["Version"], "debconfTemplates": DEBCONF_TEMPLATES},
        "apk": apk_data(),
        "pip": pip_data(),
        # npm keeps its hand-written sizes for now (see Npm.swift).
        "npm": old["npm"],
    }
    with open(OUT, "w") as file:
        json.dump(data, file, separators=(",", ":"), sort_keys=True)
        file.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
