"""Fixture repositories for the probes, built in the tests: for every item of the handbook with a
`check:` (its probe, in checklists/*.yml) a tree the probe passes and one it fails, by item ID (the
way Scorecard keeps a probe's definition and its tests together), one repository that passes every
probe and one that fails every probe; and the shipped probes themselves, from the loaded catalog."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.probes.definitions import probes_for
from handbook_checklists.probes.engine import Probe

DIGEST = "@sha256:" + "a1" * 32
SHA = "0123456789abcdef0123456789abcdef01234567"

GOOD_DOCKERFILE = f"""\
FROM python:3.12.7-slim{DIGEST} AS build
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir --target /app/deps .
FROM gcr.io/distroless/python3-debian12{DIGEST}
COPY --from=build /app /app
USER 65532:65532
HEALTHCHECK CMD ["/app/health"]
"""
DEPENDABOT = """\
version: 2
updates:
  - package-ecosystem: "docker"
    directory: "/"
    schedule: {interval: weekly}
  - package-ecosystem: "pip"
    directory: "/"
    schedule: {interval: weekly}
"""
K8S = """\
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example/app@sha256:aaaa
          readinessProbe:
            httpGet: {path: /readyz, port: 8080}
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
"""
CI = ".github/workflows/ci.yml"
#: Secrets for the failing fixtures, assembled at run time so that this repository itself holds none
#: (tests/test_probes_cli.py probes it).
AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"
PRIVATE_KEY = "-----BEGIN RSA " + "PRIVATE KEY-----\n"


def workflow(*runs: str, uses: tuple[str, ...] = (f"actions/checkout@{SHA}",)) -> str:
    steps = "".join(f"      - uses: {u}\n" for u in uses) + "".join(f"      - run: {r}\n" for r in runs)
    return f"on:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"


#: ID -> (files of a tree the probe passes, files of a tree it fails)
CASES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "SEC-050": ({"poetry.lock": "# lock\n"}, {"pyproject.toml": "[project]\nname = 'x'\n"}),
    "SEC-003": ({".github/dependabot.yml": DEPENDABOT, CI: workflow("syft . -o cyclonedx-json > sbom.json")},
                {".github/dependabot.yml": DEPENDABOT, CI: workflow("make")}),
    "OPS-011": ({"Dockerfile": GOOD_DOCKERFILE, ".github/dependabot.yml": DEPENDABOT},
                {"Dockerfile": "FROM python:3.12\n", ".github/dependabot.yml": DEPENDABOT}),
    "OPS-008": ({"Containerfile": "FROM scratch\n"}, {"app.py": "print('hi')\n"}),
    "OPS-009": ({"Dockerfile": GOOD_DOCKERFILE}, {"Dockerfile": "FROM ubuntu:24.04\nRUN make\n"}),
    "OPS-010": ({"Dockerfile": "FROM x\nUSER app\n"}, {"Dockerfile": "FROM x\nUSER root\n"}),
    "OPS-012": ({"Dockerfile": GOOD_DOCKERFILE}, {"Dockerfile": "FROM x\nARG DB_PASSWORD\nCOPY .env /app/.env\n"}),
    "SEC-017": ({".gitignore": ".env\n", ".env": "SECRET=ignored\n", ".env.example": "SECRET=\n",
                 "app.py": "key = os.environ['AWS_ACCESS_KEY_ID']\n"},
                {".gitignore": "*.pyc\n", ".env": "SECRET=1\n", "config.py": f'AWS = "{AWS_KEY}"\n'}),
    "SEC-042": ({".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/gitleaks/gitleaks\n"},
                {".pre-commit-config.yaml": "repos: []\n"}),
    "OPS-001": ({CI: workflow("make")}, {".github/workflows/nightly.yml": "on:\n  schedule:\n    - cron: '0 0 * * *'\n"}),
    "PHS-042": ({".gitlab-ci.yml": "test:\n  script: make test\n"}, {"README.md": "A service.\n"}),
    "OPS-003": ({CI: workflow("pytest -q")}, {CI: workflow("make build")}),
    "OPS-002": ({CI: workflow("ruff check .", "mypy src")}, {CI: workflow("pytest")}),
    "SEC-053": ({CI: workflow("semgrep ci", "trivy fs .", "gitleaks detect")}, {CI: workflow("semgrep ci")}),
    "OPS-006": ({CI: workflow(uses=(f"actions/checkout@{SHA}", "./.github/actions/local"))},
                {CI: workflow(uses=("actions/checkout@v4",))}),
    "SEC-051": ({CI: workflow("cosign sign --yes $IMAGE")}, {CI: workflow("docker push $IMAGE")}),
    "SEC-052": ({".github/CODEOWNERS": "* @org/team\n"}, {"README.md": "A service.\n"}),
    "REV-017": ({"CODEOWNERS": "* @org/team\n"}, {"README.md": "A service.\n"}),
    "API-043": ({"CODEOWNERS": "/api/openapi.yaml @org/api-reviewers\n"}, {"CODEOWNERS": "* @org/team\n"}),
    "TST-020": ({"SECURITY.md": "Report vulnerabilities to security@example.com.\n"}, {"README.md": "A service.\n"}),
    "REV-013": ({"tests/test_app.py": "def test_app():\n    pass\n"}, {"app.py": "x = 1\n"}),
    "TST-002": ({"Makefile": "test:\n\tpytest\n"}, {"Makefile": "build:\n\tgo build\n"}),
    "TST-021": ({"pyproject.toml": "[tool.coverage.run]\nbranch = true\n"}, {"pyproject.toml": "[project]\nname = 'x'\n"}),
    "API-025": ({"api/openapi.yaml": "openapi: 3.1.0\ninfo: {title: x, version: '1'}\n"}, {"api/notes.md": "todo\n"}),
    "API-042": ({CI: workflow("npx @stoplight/spectral-cli lint api/openapi.yaml")}, {CI: workflow("make")}),
    "DAT-013": ({"migrations/0001_init.sql": "CREATE TABLE t (id int);\n"}, {"schema.sql": "CREATE TABLE t (id int);\n"}),
    "DAT-015": ({"migrations/0002_index.sql": "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON t (a);\n"},
                {"migrations/0002_index.sql": "CREATE INDEX i ON t (a);\n"}),
    "RES-016": ({"k8s/deploy.yaml": K8S}, {"k8s/deploy.yaml": "livenessProbe:\n  httpGet: {path: /healthz}\n"}),
    "OPS-021": ({"k8s/deploy.yaml": K8S}, {"k8s/deploy.yaml": "spec:\n  containers:\n    - name: app\n      image: x\n"}),
    "TEC-006": ({".python-version": "3.11\n"}, {"README.md": "A service.\n"}),
    "ARC-002": ({"docs/adr/0002-style.md": "We choose a modular monolith architecture.\n"},
                {"docs/adr/0001-db.md": "We use PostgreSQL.\n"}),
    "OBS-021": ({"Makefile": "rules:\n\tpromtool test rules tests/alerts.yml\n"}, {"Makefile": "test:\n\tpytest\n"}),
    "OBS-019": ({"dashboards/service.json": '{"title": "svc", "panels": []}\n'}, {"README.md": "A service.\n"}),
    "AUT-009": ({"auth.py": 'data = {"grant_type": "authorization_code"}\n'},
                {"auth.py": 'body = "grant_type=password&username=u"\n'}),
    "ONB-003": ({"README.md": "Run `make test` to build and test.\n"}, {"README.md": "A service.\n"}),
}

GOOD_REPO: dict[str, str] = {
    "README.md": "# Service\n\nRun `make test` to build and test.\n",
    ".gitignore": ".env\n*.pyc\n",
    ".python-version": "3.11\n",
    "poetry.lock": "# lock\n",
    "Dockerfile": GOOD_DOCKERFILE,
    ".github/dependabot.yml": DEPENDABOT,
    ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/gitleaks/gitleaks\n",
    ".github/CODEOWNERS": "* @org/team\n/api/openapi.yaml @org/api-reviewers\n",
    "SECURITY.md": "Report vulnerabilities to security@example.com.\n",
    CI: workflow("ruff check .", "mypy src", "pytest --cov", "semgrep ci", "trivy fs .", "gitleaks detect",
                 "syft . -o cyclonedx-json", "cosign sign --yes $IMAGE", "spectral lint api/openapi.yaml",
                 "promtool test rules tests/alerts.yml",
                 uses=(f"actions/checkout@{SHA}", f"github/codeql-action/analyze@{SHA}")),
    "Makefile": "test:\n\tpytest\n",
    "tests/test_app.py": "def test_app():\n    pass\n",
    "api/openapi.yaml": "openapi: 3.1.0\ninfo: {title: x, version: '1'}\n",
    "migrations/0001_init.sql": "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY i ON t (id);\n",
    "app.py": '@app.get("/healthz")\ndef live(): ...\n@app.get("/readyz")\ndef ready(): ...\n',
    "k8s/deploy.yaml": K8S,
    "docs/adr/0001-architecture.md": "# A modular monolith architecture\n",
    "dashboards/service.json": '{"title": "svc", "panels": []}\n',
}

BAD_REPO: dict[str, str] = {
    "README.md": "A service.\n",
    ".env": "DATABASE_URL=postgres://u:p@db/x\n",
    "config.py": f'AWS = "{AWS_KEY}"\n',
    "app.py": 'body = "grant_type=password&username=u"\n',
    "action.yml": "runs:\n  using: composite\n  steps:\n    - uses: actions/checkout@v4\n",
}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write each file (text or bytes) under root, creating folders; returns root."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    root.mkdir(parents=True, exist_ok=True)
    return root


@cache
def shipped_probes() -> tuple[Probe, ...]:
    """The probe of every item of this handbook that has a `check:`, as `checklist run` takes them."""
    return tuple(probes_for(Handbook.packaged().load_or_raise().catalog))
