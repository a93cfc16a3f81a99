"""Runlens logger: writes the Runlens native run format, version 1 (docs/FORMAT.md).

Standard library only, Python 3.8+. Copy this file next to your training
script, or put its folder on PYTHONPATH.

    import runlens
    with runlens.start(".", params={"lr": 0.01}) as run:
        for step in range(100):
            run.log({"loss": 1.0 / (step + 1)})
"""

import atexit
import getpass
import json
import math
import operator
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid

from collections.abc import Mapping

__all__ = ["start", "Run"]
__version__ = "1.0.0"

FORMAT = "runlens.run"
FORMAT_VERSION = 1
RUNS_FOLDER = "runlens"
_STATUSES = ("FINISHED", "FAILED", "KILLED")
_GIT_TIMEOUT_S = 2.0

_ADJECTIVES = ("brave calm clever eager fancy gentle happy jolly keen lively lucky mellow nimble proud "
               "quick quiet rapid shiny silent sunny swift tidy vivid witty zesty").split()
_NOUNS = ("badger bison crane dolphin eagle falcon ferret gecko heron ibex koala lemur lynx marmot newt "
          "otter owl panda puffin raven salmon seal tapir walrus wombat").split()
# A private source: training scripts often seed `random`, which would give every run the same name.
_name_random = random.SystemRandom()


def _now_ms():
    return int(time.time() * 1000)


def _generate_name():
    return "%s-%s-%d" % (_name_random.choice(_ADJECTIVES), _name_random.choice(_NOUNS),
                         _name_random.randint(1, 99))


def _strings(values, what):
    """Params and tags are string to string in the format; stringify keys and values."""
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise TypeError("%s must be a dict, got %s" % (what, type(values).__name__))
    return {str(key): str(value) for key, value in values.items()}


def _number(key, value):
    """Turn one metric value into a JSON number, or the string spelling of a non-finite one."""
    # bool is an int subclass and numpy's bool (named bool_ before numpy 2) converts to float, but a
    # flag is not a measurement; str/bytes would convert through float("1.5") and hide a caller bug.
    if isinstance(value, (str, bytes, bytearray, bool)) or type(value).__name__ in ("bool", "bool_"):
        raise TypeError("metric %r must be a number, got %s %r" % (key, type(value).__name__, value))
    if isinstance(value, int):
        return int(value)
    if not isinstance(value, float):
        try:
            return operator.index(value)  # numpy / torch integers stay integers
        except TypeError:
            pass
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError("metric %r must be a number, got %s" % (key, type(value).__name__))
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return number


def _step(step):
    if isinstance(step, bool):
        raise TypeError("step must be an integer, got bool")
    try:
        step = operator.index(step)
    except TypeError:
        raise TypeError("step must be an integer, got %s" % type(step).__name__)
    if step < 0:
        raise ValueError("step must be non-negative, got %d" % step)
    return step


def _canonical_status(status):
    word = str(status).upper()
    if word not in _STATUSES:
        raise ValueError("status must be one of finished, failed, killed; got %r" % (status,))
    return word


def _status_for(exc_type):
    return "KILLED" if issubclass(exc_type, KeyboardInterrupt) else "FAILED"


def _describe(exc_type, exc):
    try:
        message = str(exc) if exc is not None else ""
    except Exception:
        message = ""
    return "%s: %s" % (exc_type.__name__, message) if message else exc_type.__name__


def _safe_relpath(name):
    """Artifact names may hold subfolders but must stay inside artifacts/."""
    parts = [p for p in name.replace(os.sep, "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or os.path.isabs(name) or os.path.splitdrive(name)[0]:
        raise ValueError("artifact name must be a relative path inside artifacts/, got %r" % (name,))
    return "/".join(parts)


def _git(args, cwd):
    """Output of one git command, or None when git is missing, slow, or says no."""
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")  # never take index.lock in the user's repo
    try:
        done = subprocess.run(
            ["git"] + args, cwd=cwd, env=env, timeout=_GIT_TIMEOUT_S,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def _git_info(project_dir):
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = None
    # In the project folder, our own runlens/ output must not make the tree look dirty.
    places = [(project_dir, ["--", ":(exclude)" + RUNS_FOLDER])]
    if cwd and os.path.realpath(cwd) != os.path.realpath(project_dir):
        places.append((cwd, []))
    for where, pathspec in places:
        status = _git(["status", "--porcelain"] + pathspec, where)
        if status is None:
            continue
        info = {}
        commit = _git(["rev-parse", "--verify", "-q", "HEAD"], where)
        if commit and commit.strip():
            info["git_commit"] = commit.strip()
        info["git_dirty"] = bool(status.strip())
        return info
    return {}


def _system_info(project_dir, heartbeat_interval):
    system = _git_info(project_dir)
    system["python"] = platform.python_version()
    try:
        system["hostname"] = socket.gethostname() or platform.node()
    except OSError:
        pass
    try:
        system["user"] = getpass.getuser()
    except Exception:  # no passwd entry / no login env (containers); the field may be absent
        user = os.environ.get("USER") or os.environ.get("USERNAME")
        if user:
            system["user"] = user
    system["command"] = list(getattr(sys, "argv", []) or [])
    system["pid"] = os.getpid()
    system["heartbeat_interval_s"] = (int(heartbeat_interval) if heartbeat_interval.is_integer()
                                      else heartbeat_interval)
    return system


def _write_all(handle, data):
    # One write() per line on an O_APPEND file: a reader sees a whole line or a tail without "\n".
    view = memoryview(data)
    while view:
        view = view[handle.write(view):]


def _json_line(record):
    return (json.dumps(record, allow_nan=False) + "\n").encode("utf-8")


class Run(object):
    """One open run folder. Create it with runlens.start()."""

    def __init__(self, run_dir, header):
        self.id = header["id"]
        self.name = header["name"]
        self.experiment = header["experiment"]
        self.dir = run_dir
        self.params = dict(header["params"])
        self.tags = dict(header["tags"])
        self.status = None  # the canonical end word once finished
        self._interval = float(header["system"]["heartbeat_interval_s"])
        self._pid = os.getpid()
        self._lock = threading.RLock()  # reentrant: a signal handler may finish() mid-write
        self._next_step = 0
        self._heartbeat = os.path.join(run_dir, "heartbeat")
        self._touch()
        self._metrics = open(os.path.join(run_dir, "metrics.jsonl"), "ab", buffering=0)
        self._events = open(os.path.join(run_dir, "events.jsonl"), "ab", buffering=0)
        # run.json last: a reader that finds it also finds every other file of the run.
        self._write_header(header)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="runlens-heartbeat-" + self.id[:8])
        self._thread.daemon = True
        self._thread.start()

    def __repr__(self):
        return "Run(id=%r, name=%r, dir=%r)" % (self.id, self.name, self.dir)

    @property
    def finished(self):
        return self.status is not None

    def log(self, metrics, step=None):
        """Append one line to metrics.jsonl. Steps count up from 0 (or from the last explicit step + 1)."""
        if not isinstance(metrics, Mapping):
            raise TypeError("metrics must be a dict, got %s" % type(metrics).__name__)
        values = {}
        for key, value in metrics.items():
            if not isinstance(key, str):
                raise TypeError("metric names must be strings, got %r" % (key,))
            values[key] = _number(key, value)
        with self._lock:
            self._check_open()
            step = self._next_step if step is None else _step(step)
            self._next_step = step + 1
            _write_all(self._metrics, _json_line({"step": step, "timestamp": _now_ms(), "values": values}))

    def log_params(self, params):
        """Append a params event; later values win over the header's."""
        values = _strings(params, "params")
        with self._lock:
            self._event({"type": "params", "values": values})
            self.params.update(values)

    def set_tags(self, tags):
        """Append a tags event; later values win over the header's."""
        values = _strings(tags, "tags")
        with self._lock:
            self._event({"type": "tags", "values": values})
            self.tags.update(values)

    def set_tag(self, key, value):
        self.set_tags({key: value})

    def log_artifact(self, path, name=None):
        """Copy a file or a folder tree into artifacts/<name> and record each file copied."""
        source = os.fspath(path)
        if not os.path.exists(source):
            raise FileNotFoundError("artifact not found: %r" % (source,))
        if name is None:
            name = os.path.basename(os.path.normpath(os.path.abspath(source)))
        relative = _safe_relpath(os.fspath(name))
        with self._lock:
            self._check_open()
        if os.path.isdir(source):
            copies = []
            for root, dirs, files in os.walk(source):
                dirs.sort()
                sub = os.path.relpath(root, source).replace(os.sep, "/")
                prefix = relative if sub == "." else relative + "/" + sub
                for file_name in sorted(files):
                    copies.append((os.path.join(root, file_name), prefix + "/" + file_name))
        else:
            copies = [(source, relative)]
        records = []
        for src, rel in copies:
            dest = os.path.join(self.dir, "artifacts", *rel.split("/"))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(src, dest)
            records.append({"type": "artifact", "path": "artifacts/" + rel, "size": os.path.getsize(dest)})
        with self._lock:
            for record in records:
                self._event(record)

    def finish(self, status="finished", error=None):
        """Append the end record (FINISHED, FAILED or KILLED) and stop the heartbeat. Idempotent."""
        word = _canonical_status(status)
        with self._lock:
            if self.status is not None:
                return
            self.status = word
            record = {"type": "end", "status": word, "timestamp": _now_ms()}
            if error is not None:
                record["error"] = str(error)
            try:
                _write_all(self._events, _json_line(record))
            finally:
                self._stop.set()
                self._metrics.close()
                self._events.close()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)
        _forget(self)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or (issubclass(exc_type, SystemExit) and getattr(exc, "code", None) in (None, 0)):
            self.finish("FINISHED")
        else:
            self.finish(_status_for(exc_type), error=_describe(exc_type, exc))
        return False  # let the exception propagate

    # -- internals ---------------------------------------------------------

    def _check_open(self):
        if self.status is not None:
            raise RuntimeError("run %s is already finished (%s)" % (self.name, self.status))

    def _event(self, record):
        with self._lock:
            self._check_open()
            _write_all(self._events, _json_line(record))

    def _write_header(self, header):
        final = os.path.join(self.dir, "run.json")
        temp = os.path.join(self.dir, ".run.json.%d.tmp" % os.getpid())
        with open(temp, "w", encoding="utf-8") as handle:
            json.dump(header, handle, indent=2, allow_nan=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)

    def _touch(self):
        try:
            os.utime(self._heartbeat, None)
        except FileNotFoundError:
            try:
                open(self._heartbeat, "ab").close()
            except OSError:
                pass
        except OSError:
            pass  # a flaky shared drive must not stop training; the reader shows the gap instead

    def _beat(self):
        while not self._stop.wait(self._interval):
            self._touch()


# -- open runs, closed at interpreter exit -----------------------------------

_open_runs = []
_registry_lock = threading.Lock()
_hooks_installed = False


def _remember(run):
    global _hooks_installed
    with _registry_lock:
        _open_runs.append(run)
        if _hooks_installed:
            return
        _hooks_installed = True
    atexit.register(_finish_open_runs, "FINISHED", None)
    previous = sys.excepthook

    def excepthook(exc_type, exc, tb):
        # Runs before atexit, so an uncaught exception is recorded as FAILED, not FINISHED.
        _finish_open_runs(_status_for(exc_type), _describe(exc_type, exc))
        previous(exc_type, exc, tb)

    sys.excepthook = excepthook


def _forget(run):
    with _registry_lock:
        if run in _open_runs:
            _open_runs.remove(run)


def _finish_open_runs(status, error):
    with _registry_lock:
        runs = list(_open_runs)
    for run in runs:
        if run._pid != os.getpid():
            continue  # a forked child inherited the run; only its owner may end it
        try:
            run.finish(status, error=error)
        except Exception:
            pass  # never hide the user's own traceback or exit status behind ours


def start(project_dir, name=None, params=None, tags=None, experiment="Default", heartbeat_interval=5.0):
    """Create <project_dir>/runlens/<id>/, write run.json and start the heartbeat."""
    interval = float(heartbeat_interval)
    if not (interval > 0 and math.isfinite(interval)):
        raise ValueError("heartbeat_interval must be a positive number of seconds, got %r" % (heartbeat_interval,))
    project_dir = os.path.abspath(os.fspath(project_dir))
    run_id = uuid.uuid4().hex
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "id": run_id,
        "name": str(name) if name is not None else _generate_name(),
        "experiment": str(experiment) if experiment is not None else "Default",
        "start_time": _now_ms(),
        "params": _strings(params, "params"),
        "tags": _strings(tags, "tags"),
    }
    os.makedirs(project_dir, exist_ok=True)  # before probing git, which runs inside this folder
    header["system"] = _system_info(project_dir, interval)
    run_dir = os.path.join(project_dir, RUNS_FOLDER, run_id)
    os.makedirs(os.path.join(run_dir, "artifacts"))
    run = Run(run_dir, header)
    _remember(run)
    return run
