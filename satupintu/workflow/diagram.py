"""Draw a workflow definition as SVG with Graphviz (`dot`, a Debian runtime package).

The drawing is the public procedure of a service (the *sistem, mekanisme dan prosedur*
component), so it shows states and the actions between them in the reader's language.
"""

from __future__ import annotations

import html
import re
import subprocess

from satupintu.workflow.schema import RETURN, SAME, DefinitionSpec

_DOT = "/usr/bin/dot"
# An action possible from this many states is generic (withdraw, extend): noted, not drawn.
GENERIC_FROM = 4


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(spec: DefinitionSpec, lang: str) -> str:
    def label(value: object) -> str:
        return getattr(value, "en" if lang == "en" else "id")  # type: ignore[no-any-return]

    lines = [
        "digraph workflow {",
        '  graph [rankdir=TB, fontname="DejaVu Sans", fontsize=11, nodesep=0.35, ranksep=0.45, '
        'bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#e7f1f5", color="#0b5e7a", '
        'fontname="DejaVu Sans", fontsize=11, fontcolor="#1b1b1b"];',
        '  edge [color="#495057", fontname="DejaVu Sans", fontsize=9, fontcolor="#343a40"];',
    ]
    corrected_from = [s.code for s in spec.states
                      if any(a.correction and s.code in a.from_states for a in spec.actions)]
    for state in spec.states:
        attrs = [f"label={_quote(label(state.label))}"]
        if state.terminal:
            colour = "#d1e7dd" if state.outcome == "approved" else "#f8d7da"
            attrs += ["peripheries=2", f'fillcolor="{colour}"']
        elif state.holder.agency == "none":
            attrs.append('fillcolor="#fff3cd"')
        elif state.parallel is not None:
            attrs.append('fillcolor="#cfe2ff"')
        if state.code == spec.initial:
            attrs.append("penwidth=2")
        lines.append(f"  {state.code} [{', '.join(attrs)}];")
    for state in spec.states:
        if state.parallel is not None:
            lines.append(f"  {state.code} -> {state.parallel.then} [style=bold];")
    anywhere: list[str] = []
    for action in spec.actions:
        if action.to == SAME or len(action.from_states) >= GENERIC_FROM:
            # Possible at (almost) every step, like withdrawing: said once, not drawn n times.
            anywhere.append(label(action.label))
            continue
        for source in action.from_states:
            if action.to == RETURN and source not in corrected_from:
                targets = [corrected_from[0]] if not action.correction else []
                targets = [t for t in corrected_from if source == t] or targets
            else:
                targets = corrected_from if action.to == RETURN else [action.to]
            for n, target in enumerate(targets):
                style = ", style=dashed" if action.to == RETURN or action.correction else ""
                text = f"label={_quote(label(action.label))}" if n == 0 else 'label=""'
                lines.append(f"  {source} -> {target} [{text}{style}];")
    if anywhere:
        note = ("Dapat dilakukan pada setiap tahap: " if lang != "en"
                else "Possible at every step: ") + "; ".join(anywhere)
        lines.append(f"  label={_quote(note)}; labelloc=b; labeljust=l;")
    lines.append("}")
    return "\n".join(lines)


def render_svg(spec: DefinitionSpec, lang: str) -> str:
    """The SVG markup (no XML prolog, scalable) for embedding in a page."""
    result = subprocess.run(  # noqa: S603 - fixed binary, our own DOT text on stdin
        [_DOT, "-Tsvg"], input=to_dot(spec, lang).encode(), capture_output=True, check=True,
        timeout=30,
    )
    svg = result.stdout.decode()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    # Let the page size it: keep the viewBox, drop fixed point sizes.
    title = spec.name.en if lang == "en" else spec.name.id
    caption = (f"Workflow diagram: {title}" if lang == "en" else f"Diagram alur: {title}")
    return re.sub(r'<svg width="[^"]*" height="[^"]*"',
                  f'<svg role="img" aria-label="{html.escape(caption)}" class="workflow-diagram"',
                  svg, count=1)
