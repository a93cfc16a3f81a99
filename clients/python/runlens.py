"""Runlens logger: writes the Runlens native run format, version 1 (docs/FORMAT.md).

Standard library only, Python 3.8+. Copy this file next to your training
script, or put its folder on PYTHONPATH.

    import runlens
    with runlens.start(".", params={"lr": 0.01}) as run:
        for step in range(100):
            run.log({"loss": 1.0 / (step + 1)})
"""

import atexit
import csv
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


# -- predictions -------------------------------------------------------------

PREDICTIONS_FORMAT = "runlens.predictions"
PREDICTIONS_VERSION = 1
PREDICTIONS_FOLDER = "predictions"
LABEL_COLUMN = "y_true"
_UNSAFE_FILE_CHARS = set('<>:"|?*\\/')


def _is_bool(value):
    return isinstance(value, bool) or type(value).__name__ in ("bool", "bool_")


def _as_row(value):
    """The items of a row-like value (list, tuple, 1-D array), or None for a scalar."""
    if isinstance(value, (str, bytes, bytearray)) or value is None:
        return None
    try:
        return list(value)
    except TypeError:  # numbers, and numpy's 0-d arrays
        return None


def _values(sequence, what):
    """A list of the items of a list, tuple, range, generator, numpy array or pandas Series."""
    if sequence is None or isinstance(sequence, (str, bytes, bytearray, Mapping)):
        raise TypeError("%s must be a sequence (list, tuple, array or Series), got %s"
                        % (what, type(sequence).__name__))
    if hasattr(sequence, "itertuples") and hasattr(sequence, "columns"):  # a pandas DataFrame: its rows
        return [list(row) for row in sequence.itertuples(index=False, name=None)]
    try:
        return list(sequence)
    except TypeError:
        raise TypeError("%s must be a sequence (list, tuple, array or Series), got %s"
                        % (what, type(sequence).__name__))


def _format_float(number):
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return repr(number)  # the shortest text that reads back as the same double


def _label_text(value):
    """A class label as the string the files use: bool -> True/False, int -> str(int),
    whole float -> str(int(x)) (1.0 -> "1"), other float -> repr, anything else -> str()."""
    if _is_bool(value):
        return "True" if value else "False"
    if isinstance(value, str):
        return str(value)
    if not isinstance(value, float):
        try:
            return str(operator.index(value))  # int, numpy and torch integers
        except TypeError:
            pass
    if isinstance(value, float) or (hasattr(value, "__float__") and not isinstance(value, (bytes, bytearray))):
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            return str(value)
        if number.is_integer():
            return str(int(number))
        return _format_float(number)
    return str(value)


def _label_sort_key(value):
    """(kind, key): numbers sort by value (2 < 10, as scikit-learn's classes_), strings by text."""
    if _is_bool(value):
        return (0, int(bool(value)))
    if isinstance(value, str):
        return (1, value)
    try:
        return (0, operator.index(value))
    except TypeError:
        pass
    try:
        return (0, float(value))
    except (TypeError, ValueError, OverflowError):
        return (1, str(value))


def _is_missing(value):
    if value is None:
        return True
    if isinstance(value, (str, bytes, bytearray)) or _is_bool(value):
        return False
    if isinstance(value, int) or not (isinstance(value, float) or hasattr(value, "__float__")):
        return False
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def _score_text(value, row, column):
    if isinstance(value, (str, bytes, bytearray)) or _is_bool(value) or value is None:
        raise TypeError("y_score row %d%s must be a number, got %s %r"
                        % (row, "" if column is None else " column %d" % column, type(value).__name__, value))
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError("y_score row %d%s must be a number, got %s"
                        % (row, "" if column is None else " column %d" % column, type(value).__name__))
    return _format_float(number)


def _cell_text(value):
    """An extra column's value: None -> empty, bools True/False, numbers as the scores are, else str()."""
    if value is None:
        return ""
    if _is_bool(value):
        return "True" if value else "False"
    if isinstance(value, str):
        return value
    if not isinstance(value, float):
        try:
            return str(operator.index(value))
        except TypeError:
            pass
    if isinstance(value, float) or (hasattr(value, "__float__") and not isinstance(value, (bytes, bytearray))):
        try:
            return _format_float(float(value))
        except (TypeError, ValueError, OverflowError):
            pass
    return str(value)


def _safe_file_name(name, what):
    """One file name (no folders), safe on every system: the split names predictions/<split>.csv."""
    if not isinstance(name, str):
        raise TypeError("%s must be a string, got %s" % (what, type(name).__name__))
    try:
        relative = _safe_relpath(name)
    except ValueError:
        relative = None
    if (relative != name or name.startswith(".") or name.endswith(" ")
            or any(char in _UNSAFE_FILE_CHARS or ord(char) < 32 for char in name)):
        raise ValueError("%s must be a plain file name (no folders, no leading dot, none of <>:\"|?*\\/), got %r"
                         % (what, name))
    return name


def _score_rows(scores):
    """(rows as lists of floats' text, width or None for one positive-class column)."""
    width = None
    flat = []
    table = []
    for index, value in enumerate(scores):
        items = _as_row(value)
        if index == 0:
            width = None if items is None else len(items)
            if width == 0:
                raise ValueError("y_score row 0 is empty")
        elif (items is None) != (width is None):
            raise ValueError("y_score row %d is %s but row 0 is %s" % (
                index, "a number" if items is None else "a row", "a number" if width is None else "a row"))
        elif items is not None and len(items) != width:
            raise ValueError("y_score row %d has %d scores but row 0 has %d" % (index, len(items), width))
        if items is None:
            flat.append([_score_text(value, index, None)])
        else:
            table.append([_score_text(item, index, column) for column, item in enumerate(items)])
    if width is None:
        return flat, None
    if width == 1:  # an (N, 1) array: one sigmoid output per row, the positive class's probability
        return table, None
    return table, width


def _classes(y_true, labels, width):
    """(classes as strings in the score columns' order, positive class or None)."""
    columns = 2 if width is None else width
    if labels is not None:
        if isinstance(labels, (str, bytes, bytearray, Mapping)):
            raise ValueError("labels must be a list of class labels, got %s" % type(labels).__name__)
        classes = [_label_text(label) for label in _values(labels, "labels")]
        if width is None and len(classes) != 2:
            raise ValueError("labels must be [negative, positive] for a single column of scores, got %d labels"
                             % len(classes))
        if len(classes) != columns:
            raise ValueError("labels has %d classes but y_score has %d columns" % (len(classes), columns))
        if len(set(classes)) != len(classes):
            raise ValueError("labels must be distinct, got %r" % (classes,))
    else:
        distinct = {}
        for value in y_true:
            text = _label_text(value)
            if text not in distinct:
                distinct[text] = _label_sort_key(value)
        kinds = set(key[0] for key in distinct.values())
        if len(kinds) > 1:
            raise ValueError("y_true mixes numbers and strings; pass labels= to give the classes")
        classes = sorted(distinct, key=lambda text: distinct[text])
        if width is None:
            if len(classes) > 2:
                raise ValueError("y_score is one column (the positive class's score) but y_true has %d distinct "
                                 "labels; give one column per class for a multiclass problem" % len(classes))
            if len(classes) < 2:
                raise ValueError("y_true has only the label %r; pass labels=[negative, positive]"
                                 % (classes[0] if classes else None,))
        elif len(classes) < width:
            raise ValueError("y_true has %d distinct labels but y_score has %d columns; pass labels= with the "
                             "class of each column" % (len(classes), width))
        elif len(classes) > width:
            raise ValueError("y_true has %d distinct labels but y_score has only %d columns"
                             % (len(classes), width))
    known = set(classes)
    for index, value in enumerate(y_true):
        text = _label_text(value)
        if text not in known:
            raise ValueError("y_true row %d has the label %r, which is not one of the classes %r"
                             % (index, text, classes))
    positive = classes[1] if len(classes) == 2 else None
    return classes, positive


def _write_atomically(folder, name, write):
    """write(handle) into a temporary file in folder, then rename it to name."""
    final = os.path.join(folder, name)
    temp = os.path.join(folder, ".%s.%d.%d.tmp" % (name, os.getpid(), threading.get_ident()))
    try:
        with open(temp, "w", encoding="utf-8", newline="") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
    except BaseException:
        try:
            os.remove(temp)
        except OSError:
            pass
        raise
    return os.path.getsize(final)


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

    def log_predictions(self, y_true, y_score, labels=None, split="test", extra_columns=None):
        """Write artifacts/predictions/<split>.csv and its manifest <split>.json; return the manifest.

        y_true: one label a row. y_score: one row of class probabilities a row (list of lists, 2-D
        array, DataFrame), or one number a row, the positive class's probability (then labels, if
        given, is [negative, positive]). extra_columns: {name: sequence} written after the scores.
        """
        split = _safe_file_name(split, "split")
        truth = _values(y_true, "y_true")
        if not truth:
            raise ValueError("y_true is empty; there are no predictions to log")
        for index, value in enumerate(truth):
            if _as_row(value) is not None:
                raise ValueError("y_true row %d is a sequence; y_true must hold one label a row" % index)
            if _is_missing(value):
                raise ValueError("y_true row %d is missing (None or NaN)" % index)
        scores = _values(y_score, "y_score")
        if len(scores) != len(truth):
            raise ValueError("y_score has %d rows but y_true has %d" % (len(scores), len(truth)))
        rows, width = _score_rows(scores)
        classes, positive = _classes(truth, labels, width)
        if width is None:
            score_columns = ["score"]
        else:
            score_columns = ["prob_" + name for name in classes]
        extras = []
        if extra_columns is not None:
            if not (isinstance(extra_columns, Mapping) or hasattr(extra_columns, "items")):
                raise TypeError("extra_columns must be a dict of column name to sequence, got %s"
                                % type(extra_columns).__name__)
            for key, column in extra_columns.items():
                extras.append((str(key), _values(column, "extra column %r" % (key,))))
        taken = {LABEL_COLUMN: "the label column"}
        for name in score_columns:
            taken[name] = "a score column"
        for name, column in extras:
            if name == "":
                raise ValueError("extra column names must not be empty")
            if name in taken:
                raise ValueError("extra column %r has the same name as %s" % (name, taken[name]))
            taken[name] = "another extra column"
            if len(column) != len(truth):
                raise ValueError("extra column %r has %d values but y_true has %d" % (name, len(column), len(truth)))
        with self._lock:
            self._check_open()
        csv_name = split + ".csv"
        manifest = {
            "format": PREDICTIONS_FORMAT,
            "version": PREDICTIONS_VERSION,
            "split": split,
            "file": csv_name,
            "label_column": LABEL_COLUMN,
            "score_columns": score_columns,
            "classes": classes,
            "positive": positive,
            "extra_columns": [name for name, _ in extras],
            "rows": len(truth),
        }

        def write_csv(handle):
            writer = csv.writer(handle)  # RFC 4180: CRLF line ends, quotes only where needed
            writer.writerow([LABEL_COLUMN] + score_columns + manifest["extra_columns"])
            for index, label in enumerate(truth):
                writer.writerow([_label_text(label)] + rows[index] + [_cell_text(column[index]) for _, column in extras])

        def write_manifest(handle):
            json.dump(manifest, handle, indent=2, allow_nan=False)
            handle.write("\n")

        folder = os.path.join(self.dir, "artifacts", PREDICTIONS_FOLDER)
        os.makedirs(folder, exist_ok=True)
        csv_size = _write_atomically(folder, csv_name, write_csv)
        manifest_size = _write_atomically(folder, split + ".json", write_manifest)  # after the table it names
        prefix = "artifacts/%s/" % PREDICTIONS_FOLDER
        with self._lock:
            self._event({"type": "artifact", "path": prefix + csv_name, "size": csv_size})
            self._event({"type": "artifact", "path": prefix + split + ".json", "size": manifest_size})
        return dict(manifest, score_columns=list(score_columns), classes=list(classes),
                    extra_columns=list(manifest["extra_columns"]))

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
