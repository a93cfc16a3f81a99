"""Tests for clients/python/runlens.py against docs/FORMAT.md. Standard library unittest only.

Run: python3 -m unittest discover -s test/python -v
"""

import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "clients", "python"))
TRAIN_EXAMPLE = os.path.join(HERE, "train_example.py")
sys.path.insert(0, CLIENT_DIR)

import runlens  # noqa: E402

RUN_FILES = {"run.json", "metrics.jsonl", "events.jsonl", "heartbeat", "artifacts"}


def _reject_constant(token):
    raise ValueError("bare %s is not strict JSON" % token)


def strict_loads(text):
    return json.loads(text, parse_constant=_reject_constant)


def read_lines(path):
    """Every line of a .jsonl file, parsed strictly; each must end in a newline."""
    with open(path, "r", encoding="utf-8") as handle:
        data = handle.read()
    if not data:
        return []
    assert data.endswith("\n"), "%s does not end in a newline" % path
    return [strict_loads(line) for line in data[:-1].split("\n")]


def read_header(run_dir):
    with open(os.path.join(run_dir, "run.json"), "r", encoding="utf-8") as handle:
        return strict_loads(handle.read())


def run_dirs(project_dir):
    root = os.path.join(project_dir, "runlens")
    if not os.path.isdir(root):
        return []
    return [os.path.join(root, name) for name in sorted(os.listdir(root))]


def clean_env():
    """Environment for child processes: no git overrides leaking in from the test runner."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def git_available():
    try:
        return subprocess.run(["git", "--version"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


class RunTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="runlens-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.project = os.path.join(self.tmp, "project")
        # Runs after each test's own cleanups (LIFO), so after its runs are finished.
        self.addCleanup(self.check_every_run_is_strict_json)

    def start(self, **kwargs):
        run = runlens.start(self.project, **kwargs)
        self.addCleanup(run.finish)  # no heartbeat thread outlives its test
        return run

    def assert_strict_files(self, run_dir):
        """Every line of every file in the run folder is strict JSON ending in a newline."""
        self.assertEqual(read_header(run_dir)["format"], "runlens.run")
        for name in ("metrics.jsonl", "events.jsonl"):
            for record in read_lines(os.path.join(run_dir, name)):
                self.assertIsInstance(record, dict)

    def check_every_run_is_strict_json(self):
        for run_dir in run_dirs(self.project):
            self.assert_strict_files(run_dir)

    def events(self, run):
        return read_lines(os.path.join(run.dir, "events.jsonl"))

    def metrics(self, run):
        return read_lines(os.path.join(run.dir, "metrics.jsonl"))

    def run_script(self, source, cwd=None, timeout=60):
        script = os.path.join(self.tmp, "script.py")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write("import sys\nsys.path.insert(0, %r)\nimport runlens\n" % CLIENT_DIR)
            handle.write(textwrap.dedent(source))
        return subprocess.run([sys.executable, script, self.project], cwd=cwd or self.tmp, env=clean_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)


class HeaderTests(RunTestCase):
    def test_header_fields(self):
        before = int(time.time() * 1000)
        run = self.start(name="lr-0.01", params={"lr": 0.01, "epochs": 10, "opt": None},
                         tags={"team": "vision", 3: True}, experiment="sweep", heartbeat_interval=5.0)
        header = read_header(run.dir)
        self.assertEqual(header["format"], "runlens.run")
        self.assertEqual(header["version"], 1)
        self.assertRegex(header["id"], r"^[0-9a-f]{32}$")
        self.assertEqual(header["id"], run.id)
        self.assertEqual(os.path.basename(run.dir), run.id)
        self.assertEqual(os.path.dirname(run.dir), os.path.join(os.path.abspath(self.project), "runlens"))
        self.assertEqual(header["name"], "lr-0.01")
        self.assertEqual(header["experiment"], "sweep")
        self.assertIsInstance(header["start_time"], int)
        self.assertTrue(before <= header["start_time"] <= int(time.time() * 1000))
        self.assertEqual(header["params"], {"lr": "0.01", "epochs": "10", "opt": "None"})
        self.assertEqual(header["tags"], {"team": "vision", "3": "True"})
        system = header["system"]
        self.assertEqual(system["pid"], os.getpid())
        self.assertEqual(system["python"], "%d.%d.%d" % sys.version_info[:3])
        self.assertEqual(system["command"], list(sys.argv))
        self.assertEqual(system["heartbeat_interval_s"], 5)
        self.assertIsInstance(system["hostname"], str)
        self.assertIsInstance(system["user"], str)
        self.assertEqual(set(os.listdir(run.dir)), RUN_FILES)

    def test_defaults(self):
        run = self.start()
        header = read_header(run.dir)
        self.assertEqual(header["experiment"], "Default")
        self.assertEqual(header["params"], {})
        self.assertEqual(header["tags"], {})
        self.assertRegex(header["name"], r"^[a-z]+-[a-z]+-\d+$")
        self.assertEqual(header["system"]["heartbeat_interval_s"], 5)
        other = self.start()
        self.assertNotEqual(run.id, other.id)

    def test_header_written_atomically(self):
        # A spy that still calls the real os.replace: run.json must appear by rename, never be written in place.
        with mock.patch("os.replace", wraps=os.replace) as replace:
            run = self.start()
        final = os.path.join(run.dir, "run.json")
        calls = [c for c in replace.call_args_list if c[0][1] == final]
        self.assertEqual(len(calls), 1)
        temp = calls[0][0][0]
        self.assertEqual(os.path.dirname(temp), run.dir)  # same folder, so the rename is atomic
        self.assertNotEqual(os.path.basename(temp), "run.json")
        self.assertFalse(os.path.exists(temp))
        self.assertEqual(set(os.listdir(run.dir)), RUN_FILES)
        with open(final, "r", encoding="utf-8") as handle:
            self.assertTrue(handle.read().endswith("}\n"))

    def test_bad_heartbeat_interval(self):
        for bad in (0, -1, float("nan"), float("inf")):
            with self.assertRaises(ValueError):
                runlens.start(self.project, heartbeat_interval=bad)


class MetricsTests(RunTestCase):
    def test_line_shape_and_auto_steps(self):
        run = self.start()
        run.log({"loss": 0.693, "accuracy": 0.51})
        run.log({"loss": 0.5, "train/loss": 7})
        run.log({"loss": 0.4}, step=10)
        run.log({"loss": 0.3})
        run.log({"loss": 0.2}, step=3)
        run.log({"loss": 0.1})
        lines = self.metrics(run)
        self.assertEqual([line["step"] for line in lines], [0, 1, 10, 11, 3, 4])
        for line in lines:
            self.assertEqual(set(line), {"step", "timestamp", "values"})
            self.assertIsInstance(line["timestamp"], int)
        self.assertEqual(lines[0]["values"], {"loss": 0.693, "accuracy": 0.51})
        self.assertEqual(lines[1]["values"], {"loss": 0.5, "train/loss": 7})
        self.assertIsInstance(lines[1]["values"]["train/loss"], int)
        with open(os.path.join(run.dir, "metrics.jsonl"), "r", encoding="utf-8") as handle:
            first = handle.readline()
        self.assertEqual(first.count("\n"), 1)
        self.assertTrue(first.startswith('{"step": 0, "timestamp": '))

    def test_lines_visible_before_finish(self):
        run = self.start()
        run.log({"loss": 1.0})
        self.assertEqual(len(self.metrics(run)), 1)  # no buffering: a reader tails it live

    def test_non_finite_values_are_strings(self):
        run = self.start()
        run.log({"a": float("nan"), "b": float("inf"), "c": float("-inf"), "d": 1.5})
        with open(os.path.join(run.dir, "metrics.jsonl"), "r", encoding="utf-8") as handle:
            raw = handle.read()
        self.assertIn('"a": "NaN"', raw)
        self.assertIn('"b": "Infinity"', raw)
        self.assertIn('"c": "-Infinity"', raw)
        self.assertEqual(self.metrics(run)[0]["values"], {"a": "NaN", "b": "Infinity", "c": "-Infinity", "d": 1.5})

    def test_rejects_non_numbers_naming_the_key(self):
        run = self.start()
        for bad in ("0.5", True, None, [1.0], b"1", 1j):
            with self.assertRaises(TypeError) as caught:
                run.log({"ok": 1.0, "bad_metric": bad})
            self.assertIn("bad_metric", str(caught.exception))
        with self.assertRaises(TypeError):
            run.log({1: 1.0})
        with self.assertRaises(TypeError):
            run.log([("loss", 1.0)])
        self.assertEqual(self.metrics(run), [])  # nothing half-written on error

    def test_accepts_number_like_objects(self):
        class Scalar(object):  # what numpy / torch scalars look like to the logger
            def __float__(self):
                return 0.25

        from fractions import Fraction
        run = self.start()
        run.log({"scalar": Scalar(), "fraction": Fraction(1, 4)})
        self.assertEqual(self.metrics(run)[0]["values"], {"scalar": 0.25, "fraction": 0.25})

    def test_numpy_scalars(self):
        try:
            import numpy
        except ImportError:
            self.skipTest("numpy is not installed for %s" % sys.executable)
        run = self.start()
        run.log({"f32": numpy.float32(0.5), "i64": numpy.int64(3), "nan": numpy.float64("nan"),
                 "arr0": numpy.array(2.0)}, step=numpy.int64(4))
        line = self.metrics(run)[0]
        self.assertEqual(line["step"], 4)
        self.assertEqual(line["values"], {"f32": 0.5, "i64": 3, "nan": "NaN", "arr0": 2.0})
        with self.assertRaises(TypeError):
            run.log({"flag": numpy.bool_(True)})

    def test_bad_steps(self):
        run = self.start()
        with self.assertRaises(ValueError):
            run.log({"a": 1}, step=-1)
        for bad in (1.5, "3", True):
            with self.assertRaises(TypeError):
                run.log({"a": 1}, step=bad)
        self.assertEqual(self.metrics(run), [])

    def test_threads_write_whole_lines(self):
        run = self.start()

        def worker(index):
            for i in range(200):
                run.log({"worker_%d" % index: float(i), "big": 1e300})

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        lines = self.metrics(run)
        self.assertEqual(len(lines), 800)
        self.assertEqual(sorted(line["step"] for line in lines), list(range(800)))


class EventTests(RunTestCase):
    def test_params_and_tags_events(self):
        run = self.start(params={"lr": 0.1})
        run.log_params({"lr": 0.01, "layers": [64, 64]})
        run.set_tags({"team": "vision", "priority": 1})
        run.set_tag("stage", "dev")
        self.assertEqual(self.events(run), [
            {"type": "params", "values": {"lr": "0.01", "layers": "[64, 64]"}},
            {"type": "tags", "values": {"team": "vision", "priority": "1"}},
            {"type": "tags", "values": {"stage": "dev"}},
        ])
        self.assertEqual(run.params, {"lr": "0.01", "layers": "[64, 64]"})
        self.assertEqual(read_header(run.dir)["params"], {"lr": "0.1"})  # header is written once

    def test_artifact_file(self):
        source = os.path.join(self.tmp, "model.bin")
        with open(source, "wb") as handle:
            handle.write(b"\0" * 1234)
        run = self.start()
        run.log_artifact(source)
        run.log_artifact(source, name="best/model.bin")
        self.assertEqual(self.events(run), [
            {"type": "artifact", "path": "artifacts/model.bin", "size": 1234},
            {"type": "artifact", "path": "artifacts/best/model.bin", "size": 1234},
        ])
        for record in self.events(run):
            with open(os.path.join(run.dir, *record["path"].split("/")), "rb") as handle:
                self.assertEqual(handle.read(), b"\0" * 1234)

    def test_artifact_directory(self):
        source = os.path.join(self.tmp, "checkpoint")
        os.makedirs(os.path.join(source, "shards"))
        for rel, size in (("config.json", 2), (os.path.join("shards", "0.bin"), 10), (os.path.join("shards", "1.bin"), 20)):
            with open(os.path.join(source, rel), "wb") as handle:
                handle.write(b"x" * size)
        run = self.start()
        run.log_artifact(source, name="ckpt")
        self.assertEqual(self.events(run), [
            {"type": "artifact", "path": "artifacts/ckpt/config.json", "size": 2},
            {"type": "artifact", "path": "artifacts/ckpt/shards/0.bin", "size": 10},
            {"type": "artifact", "path": "artifacts/ckpt/shards/1.bin", "size": 20},
        ])
        self.assertTrue(os.path.isfile(os.path.join(run.dir, "artifacts", "ckpt", "shards", "1.bin")))

    def test_artifact_errors(self):
        run = self.start()
        with self.assertRaises(FileNotFoundError):
            run.log_artifact(os.path.join(self.tmp, "missing.txt"))
        source = os.path.join(self.tmp, "a.txt")
        open(source, "w").close()
        for bad in ("../escape.txt", os.path.abspath(source), ""):
            with self.assertRaises(ValueError):
                run.log_artifact(source, name=bad)
        self.assertEqual(self.events(run), [])


class FinishTests(RunTestCase):
    def test_finish_is_idempotent_and_canonical(self):
        run = self.start()
        run.finish("failed", error="diverged")
        run.finish("finished")
        run.finish("KILLED")
        self.assertEqual(run.status, "FAILED")
        self.assertTrue(run.finished)
        events = self.events(run)
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0]["type"], "end")
        self.assertEqual(events[0]["status"], "FAILED")
        self.assertEqual(events[0]["error"], "diverged")
        self.assertIsInstance(events[0]["timestamp"], int)

    def test_status_words(self):
        for given, expected in (("finished", "FINISHED"), ("FINISHED", "FINISHED"), ("Failed", "FAILED"),
                                ("killed", "KILLED"), ("KILLED", "KILLED")):
            run = self.start()
            run.finish(given)
            self.assertEqual(self.events(run), [{"type": "end", "status": expected,
                                                 "timestamp": self.events(run)[0]["timestamp"]}])

    def test_unknown_status(self):
        run = self.start()
        for bad in ("done", "", "RUNNING"):
            with self.assertRaises(ValueError):
                run.finish(bad)
        self.assertEqual(self.events(run), [])
        run.finish()
        self.assertEqual(self.events(run)[0]["status"], "FINISHED")
        self.assertNotIn("error", self.events(run)[0])

    def test_writes_after_finish_raise(self):
        run = self.start()
        run.finish()
        with self.assertRaises(RuntimeError):
            run.log({"a": 1})
        with self.assertRaises(RuntimeError):
            run.log_params({"a": 1})
        self.assertEqual(self.metrics(run), [])
        self.assert_strict_files(run.dir)


class ContextManagerTests(RunTestCase):
    def test_normal_exit_finishes(self):
        with runlens.start(self.project) as run:
            run.log({"loss": 1.0})
        self.assertEqual(run.status, "FINISHED")
        self.assertEqual(self.events(run)[-1]["status"], "FINISHED")

    def test_exception_fails_and_propagates(self):
        with self.assertRaises(ZeroDivisionError):
            with runlens.start(self.project) as run:
                run.log({"loss": 1.0})
                1 / 0
        end = self.events(run)[-1]
        self.assertEqual(end["type"], "end")
        self.assertEqual(end["status"], "FAILED")
        self.assertEqual(end["error"], "ZeroDivisionError: division by zero")
        self.assert_strict_files(run.dir)

    def test_keyboard_interrupt_kills(self):
        with self.assertRaises(KeyboardInterrupt):
            with runlens.start(self.project) as run:
                raise KeyboardInterrupt()
        end = self.events(run)[-1]
        self.assertEqual(end["status"], "KILLED")
        self.assertEqual(end["error"], "KeyboardInterrupt")

    def test_sys_exit_zero_finishes(self):
        with self.assertRaises(SystemExit):
            with runlens.start(self.project) as run:
                sys.exit(0)
        self.assertEqual(self.events(run)[-1]["status"], "FINISHED")


class HeartbeatTests(RunTestCase):
    def test_heartbeat_advances_then_stops(self):
        run = self.start(heartbeat_interval=0.1)
        path = os.path.join(run.dir, "heartbeat")
        self.assertEqual(os.path.getsize(path), 0)
        self.assertEqual(read_header(run.dir)["system"]["heartbeat_interval_s"], 0.1)
        old = time.time() - 1000  # set back in time, so coarse filesystem mtimes still show the refresh
        os.utime(path, (old, old))
        deadline = time.time() + 5
        while os.path.getmtime(path) < old + 500 and time.time() < deadline:
            time.sleep(0.05)
        self.assertGreater(os.path.getmtime(path), old + 500)
        run.finish()
        os.utime(path, (old, old))
        time.sleep(0.4)
        self.assertAlmostEqual(os.path.getmtime(path), old, delta=2)

    def test_heartbeat_recreated_if_deleted(self):
        run = self.start(heartbeat_interval=0.1)
        path = os.path.join(run.dir, "heartbeat")
        os.remove(path)
        deadline = time.time() + 5
        while not os.path.exists(path) and time.time() < deadline:
            time.sleep(0.05)
        self.assertTrue(os.path.exists(path))

    def test_heartbeat_thread_is_daemon(self):
        run = self.start()
        self.assertTrue(run._thread.daemon)
        self.assertTrue(run._thread.is_alive())
        run.finish()
        self.assertFalse(run._thread.is_alive())


class ProcessTests(RunTestCase):
    """Child interpreters: what is left on disk when a script exits, crashes or is killed."""

    def only_run(self):
        dirs = run_dirs(self.project)
        self.assertEqual(len(dirs), 1, dirs)
        return dirs[0]

    def test_uncaught_exception_marks_failed(self):
        done = self.run_script("""
            run = runlens.start(sys.argv[1])
            run.log({"loss": 1.0})
            raise RuntimeError("boom")
        """)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn(b"RuntimeError: boom", done.stderr)  # the previous excepthook still prints
        run_dir = self.only_run()
        end = read_lines(os.path.join(run_dir, "events.jsonl"))[-1]
        self.assertEqual((end["type"], end["status"], end["error"]), ("end", "FAILED", "RuntimeError: boom"))
        self.assert_strict_files(run_dir)

    def test_uncaught_keyboard_interrupt_marks_killed(self):
        done = self.run_script("""
            run = runlens.start(sys.argv[1])
            raise KeyboardInterrupt
        """)
        self.assertNotEqual(done.returncode, 0)
        end = read_lines(os.path.join(self.only_run(), "events.jsonl"))[-1]
        self.assertEqual(end["status"], "KILLED")

    def test_open_run_finished_at_exit(self):
        done = self.run_script("""
            run = runlens.start(sys.argv[1], heartbeat_interval=0.05)
            run.log({"loss": 1.0})
        """)
        self.assertEqual(done.returncode, 0, done.stderr)
        run_dir = self.only_run()
        events = read_lines(os.path.join(run_dir, "events.jsonl"))
        self.assertEqual([(e["type"], e["status"]) for e in events], [("end", "FINISHED")])
        self.assertNotIn("error", events[0])

    def test_sigkill_leaves_no_end_record(self):
        script = os.path.join(self.tmp, "hang.py")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent("""
                import sys, time
                sys.path.insert(0, %r)
                import runlens
                run = runlens.start(sys.argv[1], heartbeat_interval=0.1)
                run.log({"loss": 1.0})
                print(run.dir, flush=True)
                time.sleep(60)
            """ % CLIENT_DIR))
        child = subprocess.Popen([sys.executable, script, self.project], env=clean_env(), cwd=self.tmp,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            run_dir = child.stdout.readline().decode().strip()
            self.assertTrue(run_dir, child.stderr.read() if child.poll() is not None else "no output")
            child.kill()  # SIGKILL on POSIX: no atexit, no excepthook, nothing runs
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()
        self.assertEqual(os.path.realpath(run_dir), os.path.realpath(self.only_run()))
        self.assertEqual(read_lines(os.path.join(run_dir, "events.jsonl")), [])
        self.assertEqual(len(read_lines(os.path.join(run_dir, "metrics.jsonl"))), 1)
        # The reader's only clue is the heartbeat, which now stops moving.
        path = os.path.join(run_dir, "heartbeat")
        old = time.time() - 1000
        os.utime(path, (old, old))
        time.sleep(0.4)
        self.assertAlmostEqual(os.path.getmtime(path), old, delta=2)

    def test_train_example(self):
        done = subprocess.run([sys.executable, TRAIN_EXAMPLE, self.project, "--steps", "5", "--sleep", "0.01",
                               "--name", "example"], env=clean_env(), cwd=self.tmp,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        run_dir = self.only_run()
        self.assertIn(os.path.basename(run_dir).encode(), done.stdout)
        self.assertEqual(read_header(run_dir)["name"], "example")
        lines = read_lines(os.path.join(run_dir, "metrics.jsonl"))
        self.assertEqual([line["step"] for line in lines], [0, 1, 2, 3, 4])
        self.assertEqual(set(lines[0]["values"]), {"loss", "accuracy"})
        events = read_lines(os.path.join(run_dir, "events.jsonl"))
        self.assertEqual(events[0], {"type": "params", "values": {"lr": "0.01", "epochs": "5"}})
        self.assertEqual(events[-1]["status"], "FINISHED")

    def test_train_example_crash(self):
        done = subprocess.run([sys.executable, TRAIN_EXAMPLE, self.project, "--steps", "5", "--crash-at", "3"],
                              env=clean_env(), cwd=self.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=60)
        self.assertNotEqual(done.returncode, 0)
        run_dir = self.only_run()
        self.assertEqual(len(read_lines(os.path.join(run_dir, "metrics.jsonl"))), 3)
        end = read_lines(os.path.join(run_dir, "events.jsonl"))[-1]
        self.assertEqual((end["status"], end["error"]), ("FAILED", "RuntimeError: crashed at step 3"))


@unittest.skipUnless(git_available(), "git is not installed, so the logger cannot record git fields")
class GitTests(RunTestCase):
    def git(self, *args):
        subprocess.run(["git", "-c", "user.name=Runlens Test", "-c", "user.email=test@example.com",
                        "-c", "commit.gpgsign=false"] + list(args), cwd=self.project, env=clean_env(),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)

    def head(self):
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=self.project, env=clean_env(), check=True,
                              stdout=subprocess.PIPE, timeout=30).stdout.decode().strip()

    def test_git_fields_inside_repo(self):
        os.makedirs(self.project)
        self.git("init", "-q")
        with open(os.path.join(self.project, "train.py"), "w") as handle:
            handle.write("print('hi')\n")
        self.git("add", "train.py")
        self.git("commit", "-q", "-m", "first")
        with mock.patch.dict(os.environ, clean_env(), clear=True):
            first = read_header(self.start().dir)["system"]
            # The first run's own runlens/ folder must not make the second run look dirty.
            second = read_header(self.start().dir)["system"]
            with open(os.path.join(self.project, "train.py"), "a") as handle:
                handle.write("print('changed')\n")
            third = read_header(self.start().dir)["system"]
        for system in (first, second, third):
            self.assertEqual(system["git_commit"], self.head())
            self.assertRegex(system["git_commit"], r"^[0-9a-f]{40}([0-9a-f]{24})?$")
        self.assertIs(first["git_dirty"], False)
        self.assertIs(second["git_dirty"], False)
        self.assertIs(third["git_dirty"], True)

    def test_git_fields_absent_outside_repo(self):
        outside = subprocess.run(["git", "rev-parse", "--git-dir"], cwd=self.tmp, env=clean_env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
        if outside.returncode == 0:
            self.skipTest("the temp folder %s is itself inside a git repository" % self.tmp)
        # A child process, so the logger's fallback to the current folder also points outside any repo.
        done = self.run_script("""
            import json
            run = runlens.start(sys.argv[1])
            run.finish()
        """, cwd=self.tmp)
        self.assertEqual(done.returncode, 0, done.stderr)
        system = read_header(run_dirs(self.project)[0])["system"]
        self.assertNotIn("git_commit", system)
        self.assertNotIn("git_dirty", system)
        self.assertIn("python", system)


class PredictionTests(RunTestCase):
    def folder(self, run):
        return os.path.join(run.dir, "artifacts", "predictions")

    def read_csv(self, run, split="test"):
        with open(os.path.join(self.folder(run), split + ".csv"), "r", encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))

    def read_manifest(self, run, split="test"):
        with open(os.path.join(self.folder(run), split + ".json"), "r", encoding="utf-8") as handle:
            return strict_loads(handle.read())

    def test_binary_flat_scores(self):
        run = self.start()
        manifest = run.log_predictions([0, 1, 1, 0], [0.1, 0.9, 0.75, 0.2])
        self.assertEqual(manifest, {
            "format": "runlens.predictions", "version": 1, "split": "test", "file": "test.csv",
            "label_column": "y_true", "score_columns": ["score"], "classes": ["0", "1"], "positive": "1",
            "extra_columns": [], "rows": 4,
        })
        self.assertEqual(self.read_manifest(run), manifest)
        self.assertEqual(self.read_csv(run), [
            ["y_true", "score"], ["0", "0.1"], ["1", "0.9"], ["1", "0.75"], ["0", "0.2"]])
        with open(os.path.join(self.folder(run), "test.csv"), "rb") as handle:
            self.assertEqual(handle.read(), b"y_true,score\r\n0,0.1\r\n1,0.9\r\n1,0.75\r\n0,0.2\r\n")
        sizes = {name: os.path.getsize(os.path.join(self.folder(run), name)) for name in ("test.csv", "test.json")}
        self.assertEqual(self.events(run), [
            {"type": "artifact", "path": "artifacts/predictions/test.csv", "size": sizes["test.csv"]},
            {"type": "artifact", "path": "artifacts/predictions/test.json", "size": sizes["test.json"]},
        ])
        self.assertEqual(sorted(os.listdir(self.folder(run))), ["test.csv", "test.json"])  # no temp files left

    def test_binary_string_labels_positive_is_last_sorted(self):
        run = self.start()
        manifest = run.log_predictions(["yes", "no", "yes"], [0.8, 0.3, 0.6], split="valid")
        self.assertEqual((manifest["classes"], manifest["positive"], manifest["file"]), (["no", "yes"], "yes", "valid.csv"))
        self.assertEqual(self.read_csv(run, "valid")[1], ["yes", "0.8"])

    def test_multiclass_string_labels(self):
        run = self.start()
        y_true = ["virginica", "setosa", "versicolor", "setosa"]
        y_score = [[0.0, 0.1, 0.9], [1.0, 0.0, 0.0], [0.2, 0.7, 0.1], [0.9, 0.05, 0.05]]
        manifest = run.log_predictions(y_true, y_score)
        self.assertEqual(manifest["classes"], ["setosa", "versicolor", "virginica"])
        self.assertEqual(manifest["score_columns"], ["prob_setosa", "prob_versicolor", "prob_virginica"])
        self.assertIsNone(manifest["positive"])
        self.assertEqual(manifest["rows"], 4)
        self.assertEqual(self.read_csv(run), [
            ["y_true", "prob_setosa", "prob_versicolor", "prob_virginica"],
            ["virginica", "0.0", "0.1", "0.9"], ["setosa", "1.0", "0.0", "0.0"],
            ["versicolor", "0.2", "0.7", "0.1"], ["setosa", "0.9", "0.05", "0.05"]])

    def test_numeric_classes_sort_by_value(self):
        run = self.start()
        manifest = run.log_predictions([10, 2, 10], [[0.3, 0.7], [0.6, 0.4], [0.1, 0.9]])
        self.assertEqual(manifest["classes"], ["2", "10"])  # as scikit-learn's classes_, not "10" < "2"
        self.assertEqual(manifest["score_columns"], ["prob_2", "prob_10"])
        self.assertEqual(manifest["positive"], "10")  # two columns: the second is the positive class

    def test_label_spelling(self):
        run = self.start()
        self.assertEqual(run.log_predictions([0.0, 1.0, 1.0], [0.2, 0.8, 0.9])["classes"], ["0", "1"])
        self.assertEqual(run.log_predictions([True, False], [0.9, 0.1])["classes"], ["False", "True"])
        self.assertEqual(run.log_predictions([0.5, 2.5], [0.1, 0.9])["classes"], ["0.5", "2.5"])
        self.assertEqual(self.read_csv(run)[1:], [["0.5", "0.1"], ["2.5", "0.9"]])

    def test_labels_given(self):
        run = self.start()
        # Flat scores: [negative, positive], even when y_true holds only one of them.
        manifest = run.log_predictions([1, 1, 1], [0.9, 0.8, 0.7], labels=[0, 1])
        self.assertEqual((manifest["classes"], manifest["positive"]), (["0", "1"], "1"))
        manifest = run.log_predictions(["benign", "malignant"], [0.2, 0.7], labels=["benign", "malignant"])
        self.assertEqual((manifest["classes"], manifest["positive"]), (["benign", "malignant"], "malignant"))
        # The positive class need not be the larger one.
        manifest = run.log_predictions([0, 1], [0.8, 0.1], labels=(1, 0))
        self.assertEqual((manifest["classes"], manifest["positive"]), (["1", "0"], "0"))
        # 2-D: the class of each column, in the given order; missing classes are fine.
        manifest = run.log_predictions(["b", "b"], [[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]], labels=["c", "a", "b"], split="multi")
        self.assertEqual(manifest["classes"], ["c", "a", "b"])
        self.assertEqual(manifest["score_columns"], ["prob_c", "prob_a", "prob_b"])
        self.assertIsNone(manifest["positive"])

    def test_extra_columns(self):
        run = self.start()
        manifest = run.log_predictions(
            [0, 1, 1], [0.1, 0.9, 0.4],
            extra_columns={"clinic": ["north", "south, west", 'say "hi"'], "age": [41, 57.5, None],
                           "note": ["line\nbreak", True, float("nan")]})
        self.assertEqual(manifest["extra_columns"], ["clinic", "age", "note"])
        self.assertEqual(self.read_csv(run), [
            ["y_true", "score", "clinic", "age", "note"],
            ["0", "0.1", "north", "41", "line\nbreak"],
            ["1", "0.9", "south, west", "57.5", "True"],
            ["1", "0.4", 'say "hi"', "", "NaN"]])
        with open(os.path.join(self.folder(run), "test.csv"), "rb") as handle:
            raw = handle.read()
        self.assertIn(b'"south, west"', raw)
        self.assertIn(b'"say ""hi"""', raw)

    def test_sequences_without_numpy(self):
        class Column(object):  # iterable only: no len(), no indexing
            def __init__(self, items):
                self.items = items

            def __iter__(self):
                return iter(self.items)

        run = self.start()
        manifest = run.log_predictions(tuple([0, 1, 0]), (x / 4 for x in range(3)),
                                       extra_columns={"id": range(3), "site": Column(["a", "b", "c"])})
        self.assertEqual(manifest["rows"], 3)
        self.assertEqual(self.read_csv(run)[1:], [["0", "0.0", "0", "a"], ["1", "0.25", "1", "b"], ["0", "0.5", "2", "c"]])
        # Rows of one value (an (N, 1) sigmoid output) are the positive class's score.
        manifest = run.log_predictions([0, 1], [(0.3,), [0.6]], split="sigmoid")
        self.assertEqual((manifest["score_columns"], manifest["classes"]), (["score"], ["0", "1"]))
        self.assertEqual(self.read_csv(run, "sigmoid")[1:], [["0", "0.3"], ["1", "0.6"]])
        # Tuples as rows of a 2-D table.
        manifest = run.log_predictions(("a", "b"), ((0.5, 0.5), (0.25, 0.75)), split="tuples")
        self.assertEqual(manifest["score_columns"], ["prob_a", "prob_b"])

    def test_numpy_and_pandas(self):
        try:
            import numpy
        except ImportError:
            self.skipTest("numpy is not installed for %s" % sys.executable)
        run = self.start()
        manifest = run.log_predictions(numpy.array([0, 1, 1]), numpy.array([0.25, 0.5, 0.75], dtype=numpy.float32))
        self.assertEqual((manifest["classes"], manifest["positive"]), (["0", "1"], "1"))
        self.assertEqual(self.read_csv(run)[1:], [["0", "0.25"], ["1", "0.5"], ["1", "0.75"]])
        proba = numpy.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])
        manifest = run.log_predictions(numpy.array(["cat", "dog"]), proba, labels=numpy.array(["cat", "dog", "eel"]),
                                       split="np2d", extra_columns={"w": numpy.array([1.5, 2.0])})
        self.assertEqual(manifest["classes"], ["cat", "dog", "eel"])
        self.assertEqual(self.read_csv(run, "np2d")[1:], [["cat", "0.7", "0.2", "0.1", "1.5"], ["dog", "0.1", "0.8", "0.1", "2.0"]])
        self.assertEqual(run.log_predictions(numpy.array([0, 1]), proba[:, :1], split="col")["score_columns"], ["score"])
        self.assertEqual(run.log_predictions(numpy.array([1.0, 0.0]), [0.9, 0.1], split="f")["classes"], ["0", "1"])
        with self.assertRaises(TypeError):
            run.log_predictions([0, 1], [numpy.bool_(True), 0.5])
        try:
            import pandas
        except ImportError:
            return
        frame = pandas.DataFrame({"y": [2, 1, 2], "clinic": ["n", "s", "e"]})
        scores = pandas.DataFrame({"p1": [0.1, 0.8, 0.3], "p2": [0.9, 0.2, 0.7]})
        manifest = run.log_predictions(frame["y"], scores, split="pd", extra_columns={"clinic": frame["clinic"]})
        self.assertEqual(manifest["classes"], ["1", "2"])
        self.assertEqual(self.read_csv(run, "pd")[1:], [["2", "0.1", "0.9", "n"], ["1", "0.8", "0.2", "s"], ["2", "0.3", "0.7", "e"]])
        manifest = run.log_predictions(frame["y"], scores["p2"], split="pd_flat", extra_columns=frame[["clinic"]])
        self.assertEqual((manifest["score_columns"], manifest["extra_columns"]), (["score"], ["clinic"]))

    def test_non_finite_scores(self):
        run = self.start()
        run.log_predictions([0, 1, 1, 0], [float("nan"), float("inf"), float("-inf"), 0.5])
        self.assertEqual([row[1] for row in self.read_csv(run)[1:]], ["NaN", "Infinity", "-Infinity", "0.5"])

    def test_csv_round_trip(self):
        rng = random.Random(7)
        y_true = [rng.choice(["a", "b", "c,d"]) for _ in range(200)]
        y_score = [[rng.random(), rng.random() * 1e-12, rng.uniform(-1e300, 1e300)] for _ in range(200)]
        y_score[5][0] = 1.0 / 3.0
        y_score[6][1] = 5e-324
        clinic = [rng.choice(["north", "south", 'q"uote', "new\nline", ""]) for _ in range(200)]
        run = self.start()
        manifest = run.log_predictions(y_true, y_score, extra_columns={"clinic": clinic})
        rows = self.read_csv(run)
        self.assertEqual(rows[0], [manifest["label_column"]] + manifest["score_columns"] + manifest["extra_columns"])
        self.assertEqual(len(rows) - 1, manifest["rows"])
        for index, row in enumerate(rows[1:]):
            self.assertEqual(row[0], y_true[index])
            self.assertEqual([float(x) for x in row[1:4]], y_score[index])  # exactly, not approximately
            self.assertEqual(row[4], clinic[index])
        self.assertEqual(manifest["classes"], ["a", "b", "c,d"])
        self.assertEqual(manifest["score_columns"], ["prob_a", "prob_b", "prob_c,d"])

    def test_replacing_a_split(self):
        run = self.start()
        run.log_predictions([0, 1, 1], [0.1, 0.9, 0.8], extra_columns={"clinic": ["a", "b", "c"]})
        second = run.log_predictions([1, 0], [0.6, 0.4])
        self.assertEqual(self.read_manifest(run), second)
        self.assertEqual((second["rows"], second["extra_columns"]), (2, []))
        self.assertEqual(self.read_csv(run), [["y_true", "score"], ["1", "0.6"], ["0", "0.4"]])
        paths = [event["path"] for event in self.events(run)]
        self.assertEqual(paths, ["artifacts/predictions/test.csv", "artifacts/predictions/test.json"] * 2)
        self.assertEqual(self.events(run)[2]["size"], os.path.getsize(os.path.join(self.folder(run), "test.csv")))
        self.assertEqual(sorted(os.listdir(self.folder(run))), ["test.csv", "test.json"])

    def test_value_errors(self):
        run = self.start()
        cases = [
            (([0, 1, 1], [0.1, 0.9]), {}, "y_score has 2 rows but y_true has 3"),
            (([0, 1], [0.1, 0.9]), {"extra_columns": {"clinic": ["a"]}}, "extra column 'clinic' has 1 values"),
            (([0, 1], [0.1, 0.9]), {"split": "../escape"}, "split"),
            (([0, 1], [0.1, 0.9]), {"split": "a/b"}, "split"),
            (([0, 1], [0.1, 0.9]), {"split": "a\\b"}, "split"),
            (([0, 1], [0.1, 0.9]), {"split": ""}, "split"),
            (([0, 1], [0.1, 0.9]), {"split": ".hidden"}, "split"),
            (([0, 1], [0.1, 0.9]), {"split": os.path.abspath("x")}, "split"),
            (([0, 1], [0.1, 0.9]), {"extra_columns": {"y_true": [1, 2]}}, "the label column"),
            (([0, 1], [0.1, 0.9]), {"extra_columns": {"score": [1, 2]}}, "a score column"),
            ((["a", "b"], [[0.1, 0.9], [0.5, 0.5]]), {"extra_columns": {"prob_b": [1, 2]}}, "a score column"),
            (([0, 1], [0.1, 0.9]), {"extra_columns": {1: [1, 2], "1": [3, 4]}}, "another extra column"),
            (([0, 1], [0.1, 0.9]), {"extra_columns": {"": [1, 2]}}, "must not be empty"),
            (([0, 1, 2], [0.1, 0.9, 0.5]), {}, "3 distinct labels"),
            (([1, 1], [0.1, 0.9]), {}, "labels=[negative, positive]"),
            ((["a", "b"], [[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]), {}, "pass labels="),
            ((["a", "b", "c"], [[0.1, 0.9], [0.3, 0.7], [0.5, 0.5]]), {}, "3 distinct labels but y_score has only 2"),
            (([0, 1, 2], [0.1, 0.9, 0.5]), {"labels": [0, 1]}, "row 2 has the label '2'"),
            ((["a", "zebra"], [[0.5, 0.5], [0.5, 0.5]]), {"labels": ["a", "b"]}, "'zebra'"),
            (([0, 1], [0.1, 0.9]), {"labels": [0, 1, 2]}, "[negative, positive]"),
            ((["a", "b"], [[0.1, 0.9], [0.5, 0.5]]), {"labels": ["a", "b", "c"]}, "3 classes but y_score has 2 columns"),
            (([0, 1], [0.1, 0.9]), {"labels": [1, 1.0]}, "distinct"),
            (([0, 1], [0.1, 0.9]), {"labels": "01"}, "list of class labels"),
            ((["a", "b"], [[0.1, 0.9], [0.5]]), {}, "row 1 has 1 scores but row 0 has 2"),
            ((["a", "b"], [[0.1, 0.9], 0.5]), {}, "row 1 is a number"),
            (([0, 1], [[], []]), {}, "empty"),
            (([], []), {}, "empty"),
            (([0, "a"], [0.1, 0.9]), {}, "mixes numbers and strings"),
            (([0, None], [0.1, 0.9]), {}, "row 1 is missing"),
            (([0, float("nan")], [0.1, 0.9]), {}, "row 1 is missing"),
            (([[1, 0], [0, 1]], [0.1, 0.9]), {}, "row 0 is a sequence"),
        ]
        for args, kwargs, message in cases:
            with self.subTest(args=args, kwargs=kwargs):
                with self.assertRaises(ValueError) as caught:
                    run.log_predictions(*args, **kwargs)
                self.assertIn(message, str(caught.exception))
        self.assertEqual(self.events(run), [])
        self.assertFalse(os.path.exists(self.folder(run)))

    def test_type_errors(self):
        run = self.start()
        for args, kwargs in ((([0, 1], ["0.1", 0.9]), {}), (([0, 1], [True, 0.9]), {}), (([0, 1], [None, 0.9]), {}),
                             (("01", [0.1, 0.9]), {}), (([0, 1], 0.5), {}), (([0, 1], [0.1, 0.9]), {"split": 3}),
                             (([0, 1], [0.1, 0.9]), {"extra_columns": [("clinic", ["a", "b"])]}),
                             (([0, 1], [0.1, 0.9]), {"extra_columns": {"clinic": "ab"}})):
            with self.subTest(args=args, kwargs=kwargs):
                with self.assertRaises(TypeError):
                    run.log_predictions(*args, **kwargs)
        with self.assertRaises(TypeError) as caught:
            run.log_predictions(["a", "b"], [[0.1, 0.9], [0.5, "x"]])
        self.assertIn("row 1 column 1", str(caught.exception))
        self.assertEqual(self.events(run), [])

    def test_after_finish_raises(self):
        run = self.start()
        run.finish()
        with self.assertRaises(RuntimeError):
            run.log_predictions([0, 1], [0.1, 0.9])
        self.assertFalse(os.path.exists(self.folder(run)))


class EvaluationFixtureTests(unittest.TestCase):
    """test/fixtures/evaluation/project/ (written by make_project.py) is what the logger writes."""

    PROJECT = os.path.normpath(os.path.join(HERE, "..", "fixtures", "evaluation", "project"))

    def test_fixture_runs_are_consistent(self):
        if not os.path.isdir(self.PROJECT):
            self.skipTest("no fixture project at %s" % self.PROJECT)
        names = {}
        for run_dir in run_dirs(self.PROJECT):
            header = read_header(run_dir)
            names[header["name"]] = run_dir
            events = read_lines(os.path.join(run_dir, "events.jsonl"))
            self.assertEqual(events[-1]["type"], "end")
            self.assertEqual(events[-1]["status"], "FINISHED")
            for event in events[:-1]:
                self.assertEqual(event["type"], "artifact")
                self.assertEqual(os.path.getsize(os.path.join(run_dir, *event["path"].split("/"))), event["size"])
            for event in events:
                if event.get("path", "").endswith(".json") and "/predictions/" in event["path"]:
                    with open(os.path.join(run_dir, *event["path"].split("/")), "r", encoding="utf-8") as handle:
                        manifest = strict_loads(handle.read())
                    table = os.path.join(run_dir, "artifacts", "predictions", manifest["file"])
                    with open(table, "r", encoding="utf-8", newline="") as handle:
                        rows = list(csv.reader(handle))
                    self.assertEqual(rows[0], [manifest["label_column"]] + manifest["score_columns"]
                                     + manifest["extra_columns"])
                    self.assertEqual(len(rows) - 1, manifest["rows"])
                    self.assertTrue(set(row[0] for row in rows[1:]) <= set(manifest["classes"]))
        self.assertEqual(sorted(names), sorted([
            "breast-cancer-logreg", "breast-cancer-mlp", "iris-forest", "wine-softmax",
            "breast-cancer-custom-csv", "breast-cancer-dirty"]))


if __name__ == "__main__":
    unittest.main()
