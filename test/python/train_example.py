"""A tiny fake training loop that logs a Runlens run; used by the tests.

usage: train_example.py PROJECT_DIR [--steps N] [--sleep S] [--crash-at K] [--name NAME]
                        [--heartbeat-interval SECONDS]
"""

import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

import runlens  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project_dir")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--sleep", type=float, default=0.0)
    parser.add_argument("--crash-at", type=int, default=None)
    parser.add_argument("--name", default=None)
    parser.add_argument("--heartbeat-interval", type=float, default=5.0)
    args = parser.parse_args(argv)

    with runlens.start(args.project_dir, name=args.name, heartbeat_interval=args.heartbeat_interval) as run:
        # Flushed so a test driving this script can find the run folder right away.
        print("runlens run %s %s" % (run.id, run.dir), flush=True)
        run.log_params({"lr": 0.01, "epochs": args.steps})
        for step in range(args.steps):
            if args.crash_at is not None and step == args.crash_at:
                raise RuntimeError("crashed at step %d" % step)
            loss = 2.0 * math.exp(-0.3 * step) + 0.05
            accuracy = 1.0 - 0.9 * math.exp(-0.25 * step)
            run.log({"loss": loss, "accuracy": accuracy})
            if args.sleep > 0 and step < args.steps - 1:
                time.sleep(args.sleep)


if __name__ == "__main__":
    main()
