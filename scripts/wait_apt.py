"""Wait until no apt-get or dpkg holds the package locks (an unattended upgrade, another install).

    python scripts/wait_apt.py [SECONDS]     # exit 0 once they are free, 1 if still held after SECONDS (600)

apt and dpkg lock with fcntl: a lock that this process can take for a moment is free. Without the
right to open the lock files (not root: apt-get runs through sudo) there is nothing to test: exit 0,
and apt-get's own `DPkg::Lock::Timeout` does the waiting.
"""
import fcntl, os, sys, time

LOCKS = ('/var/lib/dpkg/lock-frontend', '/var/lib/dpkg/lock', '/var/lib/apt/lists/lock', '/var/cache/apt/archives/lock')

def held()->list:
    "The lock files another process holds now."
    out = []
    for path in filter(os.path.exists, LOCKS):
        try: f = open(path, 'a')
        except OSError: continue                      # not there, or not ours to test
        with f:
            try: fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB); fcntl.lockf(f, fcntl.LOCK_UN)
            except OSError: out.append(path)
    return out

def main(seconds=600.):
    t0, said = time.time(), False
    while (h := held()):
        if time.time() - t0 > seconds: return 1
        if not said: print(f'[setup] another apt-get or dpkg holds {h[0]}: waiting for it (up to {seconds:.0f} s)', flush=True); said = True
        time.sleep(3)
    if said: print(f'[setup] the package lock is free after {time.time() - t0:.0f} s', flush=True)
    return 0

if __name__ == '__main__': sys.exit(main(float(sys.argv[1]) if len(sys.argv) > 1 else 600.))
