"""The CLI reference page is generated from the commands' own help, and the site registers the macro."""

from __future__ import annotations

import html
from types import SimpleNamespace

from handbook_checklists.cli.commands import main
from handbook_checklists.cli.reference import cli_reference
from tests.support.handbooks import write_small_handbook


def test_every_command_and_its_whole_help_is_on_the_page():
    page = cli_reference()
    text = html.unescape(page)
    for name, command in main.commands.items():
        assert f"## `checklist {name}` {{ #{name} }}" in page
        first = command.help.split("\n")[0].strip()
        assert first[:60] in " ".join(text.split()), name
        for param in command.params:
            for option in param.opts:
                if option.startswith("-"):
                    assert option in text, (name, option)
    assert "2  bad usage or bad input" in text
    assert "<script" not in page


def test_help_text_is_escaped():
    page = cli_reference()
    assert "&quot;" in page or "&#x27;" in page  # quotes from the help are escaped
    assert "<pre class=\"cli-help\"><code>Usage: checklist [OPTIONS] COMMAND" in page


def test_define_env_registers_cli_reference(tmp_path):
    import macros

    root = write_small_handbook(tmp_path / "handbook")
    registered = {}
    env = SimpleNamespace(
        conf={"config_file_path": str(root / "mkdocs.yml"), "docs_dir": str(root / "docs"),
              "site_url": "https://hb.example/", "use_directory_urls": True},
        variables={}, page=None, macro=lambda fn, name="": registered.setdefault(name or fn.__name__, fn))
    macros.define_env(env)
    assert registered["cli_reference"]() == cli_reference()


REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "checklists" / "pull-requests.md"
WORKFLOW = REPO / ".github" / "workflows" / "checklist-gate.yml"


def test_the_workflows_use_the_action_with_its_own_inputs():
    """The page's workflow (for a service's repository) and the handbook's own both use action.yml,
    with inputs it declares."""
    import yaml

    inputs = set(yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))["inputs"])
    page = PAGE.read_text(encoding="utf-8")
    block = page.split("{% raw %}\n```yaml\n", 1)[1].split("```\n{% endraw %}", 1)[0]
    for text, ref in ((block, "OWNER/backend-architecture-handbook@v"), (WORKFLOW.read_text(encoding="utf-8"), "./")):
        steps = yaml.safe_load(text)["jobs"]["checklist"]["steps"]
        gate = [s for s in steps if s.get("uses", "").startswith(ref)]
        assert len(gate) == 1, ref
        assert set(gate[0]["with"]) <= inputs


def test_commands_on_the_page_exist_with_their_options():
    import shlex

    code, fenced = [], False
    for raw in PAGE.read_text(encoding="utf-8").splitlines():
        if raw.startswith("```"):
            fenced = not fenced
        elif fenced:
            code.append(raw)
    seen = 0
    for raw in code + WORKFLOW.read_text(encoding="utf-8").splitlines():
        line = raw.strip().removeprefix("run: ").removeprefix("for id in $(").split("#")[0]
        if not line.startswith("checklist ") or "|" in line.split("checklist ", 1)[1][:1]:
            continue
        words = shlex.split(line.split(" | ")[0].split(" >>")[0].rstrip("\\ );"), posix=True)
        if words[1].startswith("-"):
            continue
        command = main.commands[words[1]]
        options = {opt for param in command.params for opt in param.opts}
        for word in words[2:]:
            if word.startswith("-") and word != "-":
                assert word in options, (line, word)
        seen += 1
    assert seen >= 10, seen
