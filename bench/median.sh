# Sourced by the benchmarks: `median command...` prints the median wall
# time of 7 runs of the command, in seconds.
median() {
  python3 - "$@" <<'PY'
import statistics, subprocess, sys, time
times = []
for _ in range(7):
    start = time.perf_counter()
    subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
print(f"{statistics.median(times):.3f}")
PY
}
