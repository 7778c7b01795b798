"""Times whole processes, as hyperfine does: wall time around fork/exec/wait, and the child's own
CPU time (user + sys, all threads) from wait4's rusage.

stdin: {"commands": [[label, [argv...]], ...], "rounds": N, "warmup": W, "cwd": dir}
stdout: {label: {"wall": [ms...], "cpu": [ms...]}}
Each round runs every command once, in a new random order.
"""
import json
import os
import random
import subprocess
import sys
import time

spec = json.load(sys.stdin)
out = {label: {"wall": [], "cpu": []} for label, _ in spec["commands"]}
devnull = open(os.devnull, "wb")
for r in range(spec["warmup"] + spec["rounds"]):
    order = list(spec["commands"])
    random.shuffle(order)
    for label, argv in order:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, cwd=spec["cwd"], stdin=subprocess.DEVNULL, stdout=devnull, stderr=devnull)
        _, status, ru = os.wait4(p.pid, 0)
        wall = (time.perf_counter() - t0) * 1000
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            sys.exit(f"{' '.join(argv)} exited {p.returncode}")
        if r >= spec["warmup"]:
            out[label]["wall"].append(wall)
            out[label]["cpu"].append((ru.ru_utime + ru.ru_stime) * 1000)
json.dump(out, sys.stdout)
