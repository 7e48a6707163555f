"""Describes in Korean what a matplotlib figure draws, as the kernel shows it: the plot's alt text on the page.

`install(shell)` runs in the kernel that executes an example (run/execute.py sends this file's source
at the kernel's start). From then on every figure the kernel shows as PNG carries, in its output's
metadata, `alt`: the key nbconvert's templates read for an image's alternative text. The description
is read off the figure itself (titles, axis labels, each line's first and last point, the text drawn
in it), so it changes when the run draws something else. The kernel's namespace gets nothing.
"""

import sys

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def install(shell):
    """Make `shell`'s PNG formatter add `alt` to the metadata of every matplotlib figure it formats."""
    current = shell.display_formatter.formatters["image/png"]

    class Described(type(current)):
        def __call__(self, obj):
            shown = super().__call__(obj)
            figure = sys.modules.get("matplotlib.figure")
            if shown is None or figure is None or not isinstance(obj, figure.Figure):
                return shown
            data, metadata = shown if isinstance(shown, tuple) else (shown, None)
            try:
                alt = describe(obj)
            except Exception:  # noqa: BLE001  (a figure this cannot read still shows, without a description)
                return shown
            return data, {**(metadata or {}), "alt": alt}

    # The inline backend registers its figure printer on this formatter when matplotlib first loads,
    # after the kernel's start: it finds the subclass here and registers on it.
    described = Described(parent=current.parent)
    described.type_printers.update(current.type_printers)
    described.deferred_printers.update(current.deferred_printers)
    shell.display_formatter.formatters["image/png"] = described


def describe(figure) -> str:
    """One or more Korean sentences on what `figure` draws."""
    sentences = []
    title = figure.get_suptitle() if hasattr(figure, "get_suptitle") else ""
    if title:
        sentences.append(f"«{_one_line(title)}».")
    for axes in figure.axes:
        sentences += _describe_axes(axes)
    return " ".join(sentences) or "그림."


def _describe_axes(axes):
    title = _one_line(axes.get_title())
    if not axes.axison:  # a drawing, not a chart: its title and the text in it
        sentences = [f"«{title}» 그림." if title else "그림."]
        texts = [_one_line(t.get_text()) for t in axes.texts if t.get_text().strip()]
        if texts:
            sentences.append("그림 안의 글: " + ", ".join(f"«{t}»" for t in texts) + ".")
        return sentences
    sentences = [f"«{title}» 그래프." if title else "그래프."]
    x_label, y_label = _one_line(axes.get_xlabel()), _one_line(axes.get_ylabel())
    if x_label or y_label:
        sentences.append(f"가로축은 {x_label or '이름 없음'}, 세로축은 {y_label or '이름 없음'}.")
    data_lines = [line for line in axes.get_lines() if line.get_transform() == axes.transData]
    sentences += [_describe_line(line) for line in data_lines]
    levels = [line for line in axes.get_lines() if line not in data_lines and _is_horizontal(line)]
    if levels:
        values = ", ".join(_level(line) for line in levels)
        sentences.append(f"가로로 그은 선: {values}.")
    return sentences


def _describe_line(line):
    xs, ys = line.get_xdata(), line.get_ydata()
    label = line.get_label()  # matplotlib names a line it was given no label "_child0" and the like
    name = "" if label.startswith("_") else f"«{_one_line(label)}»: "
    if len(xs) == 0:
        return f"{name}빈 선."
    if len(xs) == 1:
        return f"{name}점 하나 {_point(xs[0], ys[0])}."
    return f"{name}점 {len(xs)}개를 잇는 선이 {_point(xs[0], ys[0])}에서 시작해 {_point(xs[-1], ys[-1])}에서 끝납니다."


def _is_horizontal(line):
    ys = line.get_ydata()
    return len(ys) == 2 and ys[0] == ys[1]


def _level(line):
    label = line.get_label()
    value = _number(line.get_ydata()[0])
    return value if label.startswith("_") else f"{value}({_one_line(label)})"


def _point(x, y):
    return f"({_number(x)}, {_number(y)})"


def _number(value):
    """Four significant digits, positional where that stays short (30510, 0.0001332), else as the log
    axes' ticks write powers of ten (4.851×10⁻⁷)."""
    value = float(value)
    if value == 0 or 1e-4 <= abs(value) < 1e7:
        text = f"{value:.4g}"
        if "e" not in text:
            return text
        return f"{round(value, 4 - len(str(int(abs(value))))):.0f}"  # .4g writes an exponent from 9999.5 up
    mantissa, exponent = f"{value:.3e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}×10{str(int(exponent)).translate(SUPERSCRIPT)}"


def _one_line(text):
    return " ".join(str(text).split())
