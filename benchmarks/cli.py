"""What ``xyforecast --help`` costs beyond a bare Python (issue 18: ≤ 0.3 CPU s).

    .venv/bin/python -m benchmarks.cli [--repeat 10]

Each command runs ``--repeat`` times in its own process; the table gives the median CPU
seconds (user + system) of one run, and the difference with ``python -c pass`` — the
interpreter's own start-up, which no lazy import can save. Printing help should need
argparse and the message catalogue, not pandas, scipy or matplotlib.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks import measured

GOAL = 0.3  # CPU seconds beyond the bare interpreter
PYTHON = sys.executable
XYFORECAST = str(Path(sys.executable).parent / "xyforecast")
COMMANDS = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "xyforecast --help": [XYFORECAST, "--help"],
    "xyforecast --help --lang en": [XYFORECAST, "--help", "--lang", "en"],
    "xyforecast forecast --help": [XYFORECAST, "forecast", "--help"],
    "xyforecast --version": [XYFORECAST, "--version"],
}


def cpu_seconds(command: list[str]) -> float:
    """CPU seconds (user + system) of one run of ``command`` and what it started."""
    return measured(command, check=True, stdout=subprocess.DEVNULL)[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="runs per command (median shown)")
    args = parser.parse_args(argv)
    medians = {name: statistics.median(cpu_seconds(command) for _ in range(args.repeat))
               for name, command in COMMANDS.items()}
    bare = medians["python -c pass"]
    print(f"{'command':<30} {'CPU s':>7} {'beyond python':>14}")
    for name, value in medians.items():
        print(f"{name:<30} {value:>7.3f} {value - bare:>14.3f}")
    worst = max(value - bare for name, value in medians.items() if "help" in name)
    print(f"\ngoal: help ≤ {GOAL} CPU s beyond the interpreter (worst {worst:.3f}: "
          f"{'met' if worst <= GOAL else 'NOT met'}); median of {args.repeat} runs; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
