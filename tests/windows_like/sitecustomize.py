"""Python as Windows shows it to xyforecast's own code, for tests/test_portable.py.

Put on PYTHONPATH, this runs in every Python process of a test — the command, its worker
processes, the notebooks' kernels — and changes what a module of the ``xyforecast`` package
gets when it imports: a POSIX-only module (``fcntl``, ``resource``, ``pwd``…) is not there,
``os`` lacks what Windows' lacks (``killpg``, ``setsid``, ``getuid``, ``fork``…) and refuses
``os.kill(pid, 0)`` (on Windows that sends CTRL_C_EVENT to the process group), and ``signal``
has only Windows' signals. Other packages (matplotlib, jupyter) import as usual: on Windows
they take their own Windows paths.

Windows' locale encoding is a code page (GBK in China), not UTF-8: a file opened by
xyforecast's code without ``encoding=`` would be read or written in it. With
``PYTHONWARNDEFAULTENCODING=1`` such an open warns; here the warning is an error.
"""

from __future__ import annotations

import builtins
import os
import signal
import types
import warnings

POSIX_ONLY = {"fcntl", "resource", "pwd", "grp", "termios", "tty", "pty", "posix", "crypt",
              "spwd", "syslog", "nis", "_posixsubprocess", "_posixshmem"}
NOT_ON_WINDOWS = {"fork", "forkpty", "killpg", "setsid", "getsid", "setpgid", "getpgid",
                  "setpgrp", "getpgrp", "getuid", "geteuid", "getgid", "getegid", "setuid",
                  "seteuid", "setgid", "getgroups", "getloadavg", "sched_getaffinity", "nice",
                  "statvfs", "fstatvfs", "chown", "lchown", "fchown", "mkfifo", "mknod",
                  "wait3", "wait4", "waitid", "WNOHANG", "sync", "ttyname", "openpty",
                  "getpriority", "setpriority", "pipe2", "posix_spawn", "sysconf", "confstr",
                  "pathconf", "fpathconf", "getresuid", "getresgid", "initgroups"}
WINDOWS_SIGNALS = {"SIGINT", "SIGTERM", "SIGABRT", "SIGFPE", "SIGILL", "SIGSEGV", "SIG_DFL",
                   "SIG_IGN", "NSIG", "Signals", "Handlers", "signal", "getsignal",
                   "default_int_handler", "raise_signal", "strsignal", "set_wakeup_fd"}


def _kill(pid: int, sig: int) -> None:
    if sig == 0:
        raise RuntimeError("os.kill(pid, 0) on Windows sends CTRL_C_EVENT: not a liveness "
                           "probe")
    os.kill(pid, sig)


class _WindowsOs(types.ModuleType):
    def __getattr__(self, name: str):
        if name in NOT_ON_WINDOWS:
            raise AttributeError(f"module 'os' has no attribute {name!r} (not on Windows)")
        return _kill if name == "kill" else getattr(os, name)


class _WindowsSignal(types.ModuleType):
    def __getattr__(self, name: str):
        if name == "valid_signals":
            return lambda: {signal.SIGINT, signal.SIGTERM, signal.SIGABRT, signal.SIGFPE,
                            signal.SIGILL, signal.SIGSEGV}
        if name not in WINDOWS_SIGNALS:
            raise AttributeError(f"module 'signal' has no attribute {name!r} (not on "
                                 "Windows)")
        return getattr(signal, name)


WINDOWS_MODULES = {"os": _WindowsOs("os"), "signal": _WindowsSignal("signal")}
_import = builtins.__import__


def _windows_import(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__") or ""
    if level == 0 and importer.split(".")[0] == "xyforecast":
        top = name.partition(".")[0]
        if top in POSIX_ONLY:
            raise ModuleNotFoundError(f"No module named {name!r} (POSIX only: blocked as on "
                                      "Windows)", name=name)
        if name in WINDOWS_MODULES:
            return WINDOWS_MODULES[name]
    return _import(name, globals, locals, fromlist, level)


builtins.__import__ = _windows_import
warnings.filterwarnings("error", category=EncodingWarning, module=r"xyforecast(\.|$)")
