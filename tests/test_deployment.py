"""docker-compose.yml and Dockerfile agree with requirements.txt and addons/ (Docker is not
available where the tests run, so the files are checked by reading them)."""

import os
import re
import shutil
import subprocess

import pytest
import yaml


@pytest.fixture(scope="module")
def compose(repo_root):
    return yaml.safe_load((repo_root / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile(repo_root):
    return (repo_root / "Dockerfile").read_text()


def suite_addons(repo_root):
    return sorted(p.parent.name for p in (repo_root / "addons").glob("*/__manifest__.py"))


def requirement_lines(repo_root):
    lines = (repo_root / "requirements.txt").read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def test_images(compose, dockerfile):
    assert compose["services"]["db"]["image"] == "postgres:16"
    assert re.search(r"^FROM odoo:19\s*$", dockerfile, re.M)
    assert compose["services"]["odoo"]["build"] == "."


def test_dockerfile_installs_every_requirement(repo_root, dockerfile):
    assert "COPY requirements.txt" in dockerfile
    assert "-r /tmp/ops-requirements-image.txt" in dockerfile
    queue_job = [r for r in requirement_lines(repo_root) if r.startswith("odoo-addon-queue-job")]
    assert len(queue_job) == 1, "queue_job must be in requirements.txt"
    # queue_job is installed separately (--no-deps) from its requirements.txt line
    assert "grep '^odoo-addon-queue-job' /tmp/ops-requirements.txt" in dockerfile


def test_compose_mounts_addons_and_loads_queue_job(compose):
    odoo = compose["services"]["odoo"]
    assert "./addons:/mnt/extra-addons:ro" in odoo["volumes"]
    args = odoo["command"]
    addons_path = next(a for a in args if a.startswith("--addons-path="))
    assert "/mnt/extra-addons" in addons_path.split("=", 1)[1].split(",")
    assert "--load=base,web,queue_job" in args


def test_compose_init_installs_exactly_the_addons_folder(repo_root, compose):
    args = compose["services"]["init"]["command"]
    installed = args[args.index("--init") + 1].split(",")
    assert installed[0] == "queue_job"
    assert sorted(installed[1:]) == suite_addons(repo_root)
    assert compose["x-suite-addons"] == ",".join(installed)


def test_requirements_do_not_fight_odoo_pins(repo_root):
    """Odoo pins these; our requirements must not pin them differently."""
    pinned_by_odoo = {"urllib3", "cryptography", "pyopenssl", "requests", "werkzeug", "lxml"}
    for line in requirement_lines(repo_root):
        name = re.split(r"[<>=!~\[ ]", line, maxsplit=1)[0].lower()
        if name in pinned_by_odoo:
            assert line.lower() == name, f"{line}: leave the version to Odoo's requirements.txt"


def test_tools_take_the_addon_list_from_the_addons_folder(repo_root, tmp_path):
    """addons/*/__manifest__.py is the one list of the suite: the tools derive it."""
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "common.sh").write_text((repo_root / "tools" / "common.sh").read_text())
    for name in ("zeta_addon", "alpha_addon"):
        (tmp_path / "addons" / name).mkdir(parents=True)
        (tmp_path / "addons" / name / "__manifest__.py").write_text("{}\n")
    (tmp_path / "addons" / "not_an_addon").mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    command = [shutil.which("bash"), "-c", 'source tools/common.sh && echo "$SUITE_ADDONS"']
    out = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,  # noqa: S603 - our script
                         check=True).stdout
    assert out.strip() == "alpha_addon,zeta_addon"


def test_readme_table_lists_exactly_the_addons_folder(repo_root):
    readme = (repo_root / "README.md").read_text()
    table = readme.split("## What is in it", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| `([a-z_]+)` \|", table, re.M)
    assert sorted(rows) == suite_addons(repo_root)
    assert len(rows) == len(set(rows))
