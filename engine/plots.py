"""Charts of a batch against the documented course of the war (optional: needs matplotlib).

Only imported for ``simulate --plots``; matplotlib is the ``plots`` extra, not a dependency.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .scenario import Scenario


def write_plots(summary: dict[str, Any], scn: Scenario, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    out.mkdir(parents=True, exist_ok=True)
    written = []
    places = summary.get("places") or []
    if places:
        fig, ax = plt.subplots(figsize=(9, max(3, 0.3 * len(places))))
        names = [p["name"] for p in places]
        known = [v for p in places for v in (p["q25_days_late"], p["q75_days_late"], p["median_days_late"])
                 if v is not None]
        never_x = (max(known) if known else 0) + 2  # 'never taken' drawn past the right end
        for i, p in enumerate(places):
            if p["median_days_late"] is None:
                ax.plot([never_x], [i], marker="x", color="#999999")
                continue
            lo = p["q25_days_late"] if p["q25_days_late"] is not None else p["median_days_late"]
            hi = p["q75_days_late"] if p["q75_days_late"] is not None else lo + 10
            ax.plot([lo, hi], [i, i], color="#0072b2", linewidth=3, alpha=0.5)
            ax.plot([p["median_days_late"]], [i], marker="o", color="#d55e00")
        ax.axvspan(-2, 2, color="#009e73", alpha=0.12)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(range(len(names)), names, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("simulated minus documented date (days): arrivals against the first contact, captures\n"
                      "and surrenders against the capture; x at the right = not reached in most games", fontsize=8)
        ax.set_title(f"{scn.name}: dates over {summary['runs']} games (median, quartiles)")
        fig.tight_layout()
        path = out / "capture_dates.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    sticks = summary.get("yardsticks", [])
    # one row per documented range, each on its own scale: the documented range as a band, the
    # game's median as a dot
    fig, axes = plt.subplots(max(1, len(sticks)), 1, figsize=(8, 1.1 * max(1, len(sticks)) + 0.8), squeeze=False)
    for ax, y in zip(axes[:, 0], sticks):
        ax.barh(0, y["high"] - y["low"], left=y["low"], height=0.5, color="#e69f00", label="documented range")
        ax.plot([y["game"]], [0], "o", color="#0072b2", label="simulated (median)")
        lo, hi = min(y["low"], y["game"]), max(y["high"], y["game"])
        ax.set_xlim(lo - 0.15 * (hi - lo) - 1, hi + 0.15 * (hi - lo) + 1)
        ax.set_yticks([])
        ax.set_title(f"{scn.sides[y['side']]['name']}: {y['label']} (men)", fontsize=9, loc="left")
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    if sticks:  # above the rows, where it hides no dot
        fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="upper center", ncol=2, fontsize=8)
    fig.tight_layout(rect=(0, 0, 1, 0.92))
    path = out / "losses.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    return written
