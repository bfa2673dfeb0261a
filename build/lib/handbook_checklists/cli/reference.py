"""`{{ cli_reference() }}`: the `checklist` command's reference page, rendered from the commands' own
click help so the documentation cannot drift from the code."""

from __future__ import annotations

from html import escape

import click

WIDTH = 100  # fixed, so the page does not depend on the terminal the site was built in


def _help(command: click.Command, name: str, parent: click.Context | None) -> str:
    context = click.Context(command, info_name=name, parent=parent, max_content_width=WIDTH, terminal_width=WIDTH,
                            help_option_names=["-h", "--help"])
    return command.get_help(context)


def cli_reference() -> str:
    """Markdown: the group's help, then one section per sub-command with its full help."""
    from handbook_checklists.cli.commands import main

    root = click.Context(main, info_name="checklist", max_content_width=WIDTH, terminal_width=WIDTH,
                         help_option_names=["-h", "--help"])
    parts = [
        "## `checklist`\n",
        f'<pre class="cli-help"><code>{escape(_help(main, "checklist", None))}</code></pre>\n',
    ]
    for name in main.list_commands(root):
        command = main.get_command(root, name)
        if command is None or command.hidden:
            continue
        summary = escape(command.get_short_help_str(limit=200))
        parts.append(f"\n## `checklist {name}` {{ #{name} }}\n\n{summary}\n\n")
        parts.append(f'<pre class="cli-help"><code>{escape(_help(command, name, root))}</code></pre>\n')
    return "".join(parts)
